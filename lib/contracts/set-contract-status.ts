import { getDb } from "../db/client";
import type { Contract } from "../generated/prisma/client";
import { getRuntime } from "../server/runtime";
import { SetContractStatusInput } from "../schemas/contract";
import { getContract } from "./get-contract";

/**
 * Completes, archives or reopens a contract. Only an active contract's pending tasks are started; tasks
 * already running are left to finish.
 */
export async function setContractStatus(input: SetContractStatusInput): Promise<Contract> {
  const { id, status } = SetContractStatusInput.parse(input);
  await getContract(id);
  const contract = await getDb().contract.update({ where: { id }, data: { status } });
  if (status === "active") {
    try {
      await getRuntime().scheduleTasks();
    } catch (error) {
      console.error(`[makima] contract ${id} reopened, its pending tasks not scheduled yet:`, error);
    }
  }
  return contract;
}
