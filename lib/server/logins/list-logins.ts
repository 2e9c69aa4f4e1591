import "server-only";
import { getDb } from "../db/client";
import type { DaemonLoginEvent } from "../../shared/protocol/ui";
import { toDaemonLoginEvent } from "./daemon-logins";

/** How long a finished login stays on the banner, so its outcome can be read and its task restarted. */
const FINISHED_SHOWN_MS = 30 * 60_000;

/** The logins the banner shows: those under way or needing a hand, and those that ended in the last half hour. */
export async function listVisibleLogins(now = new Date()): Promise<DaemonLoginEvent[]> {
  const rows = await getDb().daemonLogin.findMany({
    where: {
      closedAt: null,
      OR: [
        { status: { in: ["waiting", "submitting", "manual"] } },
        { status: { in: ["succeeded", "failed"] }, updatedAt: { gte: new Date(now.getTime() - FINISHED_SHOWN_MS) } },
      ],
    },
    orderBy: { createdAt: "desc" },
    include: { daemon: { select: { hostname: true } } },
  });
  return rows.map(toDaemonLoginEvent);
}
