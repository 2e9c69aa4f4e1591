import "server-only";
import { getDb } from "../db/client";
import type { Contract } from "../../generated/prisma/client";
import { getRuntime } from "../runtime";
import { SetContractStatusInput } from "../../shared/schemas/contract";
import { endWaitingSupervisors } from "../tasks/stop-task";
import { getContract } from "./get-contract";

/**
 * Completes, archives or reopens a contract. Completing or archiving it ends its supervisors that wait for input;
 * completing it removes its tasks' worktrees (branches kept; a task still running keeps its worktree until it ends).
 * Reopening withdraws clean-ups not sent yet and starts pending tasks.
 */
export async function setContractStatus(input: SetContractStatusInput): Promise<Contract> {
  const { id, status } = SetContractStatusInput.parse(input);
  const previous = await getContract(id);
  const contract = await getDb().contract.update({ where: { id }, data: { status } });
  try {
    if (status !== "active" && previous.status === "active") await endWaitingSupervisors(id);
    if (status === "completed" && previous.status !== "completed") {
      await getRuntime().cleanupContractWorktrees({ contractId: id, deleteBranch: false, finishedOnly: false });
    }
    if (status === "active") {
      await getRuntime().cancelPendingCleanups(id);
      await getRuntime().scheduleTasks();
    }
  } catch (error) {
    console.error(`[makima] contract ${id} is now ${status}, but the daemons were not told yet:`, error);
  }
  return contract;
}
