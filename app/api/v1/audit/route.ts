import { z } from "zod";
import { listAuditEvents } from "@/lib/server/audit";
import { gatedRoute } from "@/lib/server/gate";

export const dynamic = "force-dynamic";

const AuditPage = z.object({
  before: z.iso.datetime({ error: "before must be an ISO date-time" }).optional(),
  limit: z.coerce.number({ error: "limit must be a number" }).int().min(1).max(1000).default(200),
});

/** GET `?before=&limit=` the audit log, newest first (owners and admins): `{ events }`. */
export const GET = gatedRoute({
  role: "admin",
  input: AuditPage,
  run: async ({ before, limit }) => {
    const events = await listAuditEvents({ take: limit, before: before ? new Date(before) : undefined });
    return { events: events.map((event) => ({ ...event, createdAt: event.createdAt.toISOString() })) };
  },
});
