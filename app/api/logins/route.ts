import { listVisibleLogins } from "@/lib/logins/list-logins";
import { gatedRoute, NoInput } from "@/lib/server/gate";

// Read at request time: never prerendered at build.
export const dynamic = "force-dynamic";

/** GET the Claude logins the banner shows: `{ logins }`. */
export const GET = gatedRoute({
  role: "viewer",
  input: NoInput,
  run: async () => ({ logins: await listVisibleLogins() }),
});
