import Link from "next/link";
import type { ContractSummary } from "@/lib/server/contracts/list-contracts";
import { linkClass } from "@/components/ui/styles";
import { ContractStatusBadge } from "./contract-status-badge";
import { DataTable } from "@/components/ui/data-table";

/** One group of contracts: name, repository, status and task counts per row. */
export function ContractTable({ contracts, caption }: { contracts: ContractSummary[]; caption: string }) {
  return (
    <DataTable
      caption={caption}
      columns={[{ label: "Name" }, { label: "Repository" }, { label: "Status" }, { label: "Tasks", align: "right" }]}
    >
      {contracts.map((contract) => (
        <tr key={contract.id} data-testid="contract-row" className="hover:bg-neutral-50">
          <td className="px-3 py-2">
            <Link href={`/contracts/${contract.id}`} className={`font-medium ${linkClass}`}>
              {contract.name}
            </Link>
            {contract.autonomousLoop && (
              <span className="ml-2 rounded bg-neutral-100 px-1.5 py-0.5 text-xs text-neutral-600">loop</span>
            )}
          </td>
          <td className="max-w-xs truncate px-3 py-2 font-mono text-xs text-neutral-600" title={contract.repository}>
            {contract.repository}
          </td>
          <td className="px-3 py-2">
            <ContractStatusBadge status={contract.status} />
          </td>
          <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums text-neutral-700">
            {contract.taskCounts.total} total
            {contract.taskCounts.active > 0 && (
              <span className="ml-1 text-blue-700">· {contract.taskCounts.active} active</span>
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
