import Link from "next/link";
import { formatDateTime } from "@/components/ui/format";
import { cardClass, linkClass } from "@/components/ui/styles";
import type { ContractReport } from "@/lib/generated/prisma/client";

/** The contract's progress reports (`makima contract report`), newest first, each linked to the task that sent it. */
export function ContractReports({ reports, taskNames }: { reports: ContractReport[]; taskNames: Map<string, string> }) {
  if (reports.length === 0) {
    return (
      <p className="text-neutral-500">No progress reports yet. A supervisor sends them with makima contract report.</p>
    );
  }
  return (
    <ol className={`${cardClass} divide-y divide-neutral-100`}>
      {reports.map((report) => (
        <li key={report.id} className="space-y-1 px-3 py-2">
          <p className="text-xs text-neutral-500">
            {formatDateTime(report.createdAt)}
            {report.taskId && (
              <>
                {" · "}
                <Link href={`/tasks/${report.taskId}`} className={linkClass}>
                  {taskNames.get(report.taskId) ?? "task"}
                </Link>
              </>
            )}
          </p>
          <p className="whitespace-pre-wrap break-words text-neutral-900">{report.progress}</p>
        </li>
      ))}
    </ol>
  );
}
