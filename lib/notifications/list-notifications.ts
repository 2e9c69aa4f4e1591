import { getDb } from "../db/client";
import type { NotificationEvent } from "../protocol/ui";
import { toNotificationEvent } from "../server/notifications";

/** The notifications not dismissed yet, newest first (at most `limit`). */
export async function listNotifications(limit = 200): Promise<NotificationEvent[]> {
  const rows = await getDb().notification.findMany({ where: { dismissedAt: null }, orderBy: { createdAt: "desc" }, take: limit });
  return rows.map(toNotificationEvent);
}
