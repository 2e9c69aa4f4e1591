import { listAuditEvents } from "@/lib/server/audit";
import { gatedRoute } from "@/lib/server/gate";
import { API } from "@/lib/shared/api/routes";

export const dynamic = "force-dynamic";

/** GET `?before=&limit=` the audit log, newest first (owners and admins): `{ events }`. */
export const GET = gatedRoute({
  ...API.listAuditEvents,
  run: async ({ before, limit }) => {
    const events = await listAuditEvents({ take: limit, before: before ? new Date(before) : undefined });
    return { events: events.map((event) => ({ ...event, createdAt: event.createdAt.toISOString() })) };
  },
});
