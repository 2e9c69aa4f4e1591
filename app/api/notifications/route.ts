import { listNotifications } from "@/lib/notifications/list-notifications";
import { gatedRoute, NoInput } from "@/lib/server/gate";

// Read at request time: never prerendered at build.
export const dynamic = "force-dynamic";

/** GET the notifications not dismissed yet, newest first: `{ notifications }`. */
export const GET = gatedRoute({ role: "viewer", input: NoInput, run: async () => ({ notifications: await listNotifications() }) });
