import type { Metadata } from "next";
import { formatDateTime } from "@/components/ui/format";
import { listAuditEvents } from "@/lib/server/audit";
import { requirePageActor } from "@/lib/server/auth/page-actor";
import { DataTable } from "@/components/ui/data-table";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

/** Who did what, when, from where: owners and admins only (also at GET /api/v1/audit). */
export default async function AuditPage() {
  await requirePageActor("admin");
  const events = await listAuditEvents({ take: 500 });
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold tracking-tight">Audit log</h1>
      {events.length === 0 ? (
        <p className="text-neutral-600">Nothing has been changed yet.</p>
      ) : (
        <DataTable
          caption="Audit log"
          columns={[{ label: "When" }, { label: "Who" }, { label: "What" }, { label: "From" }]}
        >
          {events.map((event) => (
            <tr key={event.id} data-testid="audit-event" data-action={event.action}>
              <td className="whitespace-nowrap px-3 py-2 tabular-nums text-neutral-600">
                {formatDateTime(event.createdAt)}
              </td>
              <td className="px-3 py-2">{event.actorLabel}</td>
              <td className="px-3 py-2">
                <span className="font-mono text-xs text-neutral-500">{event.action}</span> {event.summary}
              </td>
              <td className="px-3 py-2 font-mono text-xs text-neutral-600">{event.ipAddress ?? "—"}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
