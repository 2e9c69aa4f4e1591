import { getDb } from "../db/client";
import { ASSIGNED_TASK_STATUSES } from "../protocol/daemon";
import { getRuntime } from "../server/runtime";
import { DeleteContractInput } from "../schemas/contract";
import { getContract } from "./get-contract";

/**
 * Deletes a contract; its tasks, their output and its task keys go with it (the schema cascades).
 * Tasks still running are asked to stop first, so no claude keeps working for a contract that is gone, and
 * every task's worktree is queued for removal with the daemon that ran it (held while that daemon is offline).
 */
export async function deleteContract(input: DeleteContractInput): Promise<void> {
  const { id, deleteBranches } = DeleteContractInput.parse(input);
  await getContract(id);
  const db = getDb();
  const running = await db.task.findMany({
    where: { contractId: id, status: { in: [...ASSIGNED_TASK_STATUSES] } },
    select: { id: true },
  });
  const runtime = getRuntime();
  for (const task of running) {
    const result = await runtime.stopTask(task.id).catch((error: unknown) => ({ ok: false as const, error: String(error) }));
    if (!result.ok) console.warn(`[makima] could not stop task ${task.id} before deleting its contract: ${result.error}`);
  }
  await runtime.cleanupContractWorktrees({ contractId: id, deleteBranch: deleteBranches, finishedOnly: false });
  await db.contract.delete({ where: { id } });
}
