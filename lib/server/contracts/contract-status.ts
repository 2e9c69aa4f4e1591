import "server-only";
import { getDb } from "../db/client";
import type { Contract, ContractReport } from "../../generated/prisma/client";
import { getContract } from "./get-contract";
import { isActiveTask } from "../../shared/protocol/daemon";

export interface ContractProgress {
  contract: Contract;
  tasks: { total: number; active: number; finished: number; byStatus: Record<string, number> };
  latestReport: ContractReport | null;
}

/** Where a contract stands: its tasks counted by status, and its latest progress report. */
export async function getContractProgress(contractId: string): Promise<ContractProgress> {
  const db = getDb();
  const contract = await getContract(contractId);
  const groups = await db.task.groupBy({ by: ["status"], where: { contractId }, _count: { _all: true } });
  const tasks: ContractProgress["tasks"] = { total: 0, active: 0, finished: 0, byStatus: {} };
  for (const group of groups) {
    const count = group._count._all;
    tasks.byStatus[group.status] = count;
    tasks.total += count;
    if (isActiveTask(group.status)) tasks.active += count;
    else tasks.finished += count;
  }
  const latestReport = await db.contractReport.findFirst({
    where: { contractId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return { contract, tasks, latestReport };
}
