import "server-only";
import { getDb } from "../db/client";
import type { ContractReport } from "../../generated/prisma/client";
import { ContractReportInput } from "../../shared/schemas/contract";
import { getContract } from "./get-contract";

/** Records a progress report on a contract (any status: a supervisor may report after completing it). */
export async function createContractReport(input: ContractReportInput): Promise<ContractReport> {
  const { contractId, progress, taskId } = ContractReportInput.parse(input);
  await getContract(contractId);
  return getDb().contractReport.create({ data: { contractId, progress, taskId } });
}

/** The contract's progress reports, newest first. */
export function listContractReports(contractId: string, take = 100): Promise<ContractReport[]> {
  return getDb().contractReport.findMany({
    where: { contractId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
  });
}
