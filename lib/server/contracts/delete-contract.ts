import "server-only";
import { getDb } from "../db/client";
import { ASSIGNED_TASK_STATUSES } from "../../shared/protocol/daemon";
import { getRuntime } from "../runtime";
import { DeleteContractInput } from "../../shared/schemas/contract";
import { stopTask } from "../tasks/stop-task";
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
  for (const task of running) {
    await stopTask({ taskId: task.id }).catch((error: unknown) =>
      console.warn(
        `[makima] could not stop task ${task.id} before deleting its contract: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  }
  await getRuntime().cleanupContractWorktrees({ contractId: id, deleteBranch: deleteBranches, finishedOnly: false });
  await db.contract.delete({ where: { id } });
}
