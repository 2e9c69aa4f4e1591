import type { Task } from "../generated/prisma/client";
import { AppError } from "../contracts/errors";
import { isActiveTask } from "../protocol/daemon";
import { StopTaskInput } from "../schemas/task";
import { getTask } from "./get-task";
import { runRuntimeCommand } from "./runtime-command";

/**
 * Stops a task that has not finished: a pending one never starts; for a starting, running or paused
 * one the daemon ends its process group. Either way it becomes `interrupted`.
 */
export async function stopTask(input: StopTaskInput): Promise<Task> {
  const { taskId } = StopTaskInput.parse(input);
  const task = await getTask(taskId);
  const { status } = task;
  if (!isActiveTask(status)) {
    throw new AppError("conflict", `This task is ${task.status}, not running: there is nothing to stop.`);
  }
  await runRuntimeCommand((runtime) => runtime.stopTask(taskId));
  return task;
}
