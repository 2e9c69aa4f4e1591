import { listNotifications } from "@/lib/server/notifications/list-notifications";
import { NoInput } from "@/lib/shared/api/inputs";
import { gatedRoute } from "@/lib/server/gate";

// Read at request time: never prerendered at build.
export const dynamic = "force-dynamic";

/** GET the notifications the person has not dismissed, newest first: `{ notifications }`. */
export const GET = gatedRoute({
  role: "viewer",
  input: NoInput,
  run: async (_input, { actor }) => ({ notifications: await listNotifications(actor.userId) }),
});
