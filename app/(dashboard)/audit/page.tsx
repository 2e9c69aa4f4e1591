import type { Metadata } from "next";
import { cardClass } from "@/components/ui/styles";
import { formatDateTime } from "@/components/ui/format";
import { listAuditEvents } from "@/lib/server/audit";
import { requirePageActor } from "@/lib/server/auth/page-actor";

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
        <div className={`${cardClass} overflow-x-auto`}>
          <table className="w-full text-left text-sm">
            <thead className="border-b border-neutral-200 text-xs uppercase text-neutral-500">
              <tr>
                <th className="px-3 py-2 font-medium">When</th>
                <th className="px-3 py-2 font-medium">Who</th>
                <th className="px-3 py-2 font-medium">What</th>
                <th className="px-3 py-2 font-medium">From</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-neutral-100">
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
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
