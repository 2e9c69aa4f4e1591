import { listNotifications } from "@/lib/notifications/list-notifications";
import { gatedRoute, NoInput } from "@/lib/server/gate";

// Read at request time: never prerendered at build.
export const dynamic = "force-dynamic";

/** GET the notifications the person has not dismissed, newest first: `{ notifications }`. */
export const GET = gatedRoute({
  role: "viewer",
  input: NoInput,
  run: async (_input, { actor }) => ({ notifications: await listNotifications(actor.userId) }),
});
