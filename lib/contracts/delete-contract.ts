import { getDb } from "../db/client";
import { ACTIVE_TASK_STATUSES } from "../protocol/daemon";
import { getRuntime } from "../server/runtime";
import { DeleteContractInput } from "../schemas/contract";
import { getContract } from "./get-contract";

/**
 * Deletes a contract; its tasks, their output and its task keys go with it (the schema cascades).
 * Tasks still running are asked to stop first, so no claude keeps working for a contract that is gone.
 */
export async function deleteContract(input: DeleteContractInput): Promise<void> {
  const { id } = DeleteContractInput.parse(input);
  await getContract(id);
  const db = getDb();
  const running = await db.task.findMany({
    where: { contractId: id, status: { in: [...ACTIVE_TASK_STATUSES] } },
    select: { id: true },
  });
  for (const task of running) {
    try {
      const result = await getRuntime().stopTask(task.id);
      if (!result.ok) console.warn(`[makima] could not stop task ${task.id} before deleting its contract: ${result.error}`);
    } catch (error) {
      console.warn(`[makima] could not stop task ${task.id} before deleting its contract:`, error);
    }
  }
  await db.contract.delete({ where: { id } });
}
