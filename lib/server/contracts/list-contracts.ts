import "server-only";
import { getDb } from "../db/client";
import type { Contract } from "../../generated/prisma/client";
import { isActiveTask } from "../../shared/protocol/daemon";
import { ContractStatus } from "../../shared/schemas/contract";

export type ContractTaskCounts = { total: number; active: number; finished: number };
export type ContractSummary = Contract & { taskCounts: ContractTaskCounts };

/** Contracts, newest first, optionally of one status, with how many tasks each has (and how many are under way). */
export async function listContracts(status?: ContractStatus): Promise<ContractSummary[]> {
  const db = getDb();
  const contracts = await db.contract.findMany({
    where: status ? { status } : undefined,
    orderBy: { createdAt: "desc" },
  });
  const groups = await db.task.groupBy({
    by: ["contractId", "status"],
    where: { contractId: { in: contracts.map((c) => c.id) } },
    _count: { _all: true },
  });
  const counts = new Map<string, ContractTaskCounts>();
  for (const group of groups) {
    const entry = counts.get(group.contractId) ?? { total: 0, active: 0, finished: 0 };
    const n = group._count._all;
    entry.total += n;
    if (isActiveTask(group.status)) entry.active += n;
    else entry.finished += n;
    counts.set(group.contractId, entry);
  }
  return contracts.map((contract) => ({
    ...contract,
    taskCounts: counts.get(contract.id) ?? { total: 0, active: 0, finished: 0 },
  }));
}
