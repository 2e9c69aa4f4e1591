import "server-only";
import { getDb } from "../db/client";
import type { NotificationEvent } from "../../shared/protocol/ui";
import { toNotificationEvent } from "./notifier";

/** The notifications this person has not dismissed (nor the server for everyone), newest first (at most `limit`). */
export async function listNotifications(userId: string, limit = 200): Promise<NotificationEvent[]> {
  const rows = await getDb().notification.findMany({
    where: { dismissedAt: null, dismissals: { none: { userId } } },
    orderBy: { createdAt: "desc" },
    take: limit,
  });
  return rows.map(toNotificationEvent);
}
