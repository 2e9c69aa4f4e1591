import { listVisibleLogins } from "@/lib/server/logins/list-logins";
import { NoInput } from "@/lib/shared/api/inputs";
import { gatedRoute } from "@/lib/server/gate";

// Read at request time: never prerendered at build.
export const dynamic = "force-dynamic";

/** GET the Claude logins the banner shows: `{ logins }`. */
export const GET = gatedRoute({
  role: "viewer",
  input: NoInput,
  run: async () => ({ logins: await listVisibleLogins() }),
});
