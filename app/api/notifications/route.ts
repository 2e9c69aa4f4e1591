import { listNotifications } from "@/lib/notifications/list-notifications";

// Read at request time: never prerendered at build.
export const dynamic = "force-dynamic";

/** GET the notifications not dismissed yet, newest first: `{ notifications }`. */
export async function GET() {
  return Response.json({ notifications: await listNotifications() });
}
