import Link from "next/link";
import { ContractStatusFilter } from "@/components/contracts/contract-status-filter";
import { ContractTable } from "@/components/contracts/contract-table";
import { buttonClass } from "@/components/ui/styles";
import { listContracts } from "@/lib/server/contracts/list-contracts";
import { ContractStatus } from "@/lib/shared/schemas/contract";
import { IfCan } from "@/components/auth/role-context";
import { requirePageActor } from "@/lib/server/auth/page-actor";

export const dynamic = "force-dynamic";

const GROUP_TITLES: Record<ContractStatus, string> = {
  active: "Active",
  completed: "Completed",
  archived: "Archived",
};

export default async function ContractsPage({ searchParams }: { searchParams: Promise<{ status?: string }> }) {
  await requirePageActor();
  const { status } = await searchParams;
  const filter = ContractStatus.safeParse(status);
  const current = filter.success ? filter.data : "all";
  const contracts = await listContracts();
  const counts: Record<string, number> = { all: contracts.length };
  for (const contract of contracts) counts[contract.status] = (counts[contract.status] ?? 0) + 1;
  const groups = ContractStatus.options
    .filter((s) => current === "all" || s === current)
    .map((s) => ({ status: s, contracts: contracts.filter((c) => c.status === s) }))
    .filter((group) => group.contracts.length > 0 || current !== "all");

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-semibold tracking-tight">Contracts</h1>
        <IfCan role="member">
          <Link href="/contracts/new" className={buttonClass}>
            New contract
          </Link>
        </IfCan>
      </div>
      <ContractStatusFilter current={current} counts={counts} />
      {contracts.length === 0 ? (
        <p className="rounded-lg border border-dashed border-neutral-300 bg-white px-4 py-10 text-center text-neutral-600">
          No contracts yet. A contract is a piece of work on one git repository; create one to start tasks on it.
        </p>
      ) : (
        groups.map((group) => (
          <section key={group.status} aria-labelledby={`group-${group.status}`} className="space-y-2">
            <h2 id={`group-${group.status}`} className="text-sm font-semibold text-neutral-700">
              {GROUP_TITLES[group.status]}{" "}
              <span className="font-normal text-neutral-500">({group.contracts.length})</span>
            </h2>
            {group.contracts.length > 0 ? (
              <ContractTable contracts={group.contracts} caption={`${GROUP_TITLES[group.status]} contracts`} />
            ) : (
              <p className="text-neutral-500">No {group.status} contracts.</p>
            )}
          </section>
        ))
      )}
    </div>
  );
}
