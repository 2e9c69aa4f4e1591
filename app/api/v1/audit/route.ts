import { AuditQuery } from "@/lib/api/inputs";
import { AuditAnswer } from "@/lib/api/schemas";
import { listAuditEvents } from "@/lib/server/audit";
import { gatedRoute } from "@/lib/server/gate";

export const dynamic = "force-dynamic";

/** GET `?before=&limit=` the audit log, newest first (owners and admins): `{ events }`. */
export const GET = gatedRoute({
  role: "admin",
  input: AuditQuery,
  output: AuditAnswer,
  run: async ({ before, limit }) => {
    const events = await listAuditEvents({ take: limit, before: before ? new Date(before) : undefined });
    return { events: events.map((event) => ({ ...event, createdAt: event.createdAt.toISOString() })) };
  },
});
