import Link from "next/link";
import type { ContractSummary } from "@/lib/server/contracts/list-contracts";
import { cardClass, linkClass } from "@/components/ui/styles";
import { ContractStatusBadge } from "./contract-status-badge";

/** One group of contracts: name, repository, status and task counts per row. */
export function ContractTable({ contracts, caption }: { contracts: ContractSummary[]; caption: string }) {
  return (
    <div className={`${cardClass} overflow-x-auto`}>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-neutral-200 bg-neutral-50 text-xs uppercase tracking-wide text-neutral-500">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Name
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Repository
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Status
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Tasks
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-neutral-100">
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
              <td
                className="max-w-xs truncate px-3 py-2 font-mono text-xs text-neutral-600"
                title={contract.repository}
              >
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
        </tbody>
      </table>
    </div>
  );
}
