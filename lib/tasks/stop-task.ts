import { AppError } from "../contracts/errors";
import { ACTIVE_TASK_STATUSES, TaskStatus } from "../protocol/daemon";
import { StopTaskInput } from "../schemas/task";
import { getTask } from "./get-task";
import { runRuntimeCommand } from "./runtime-command";

/** Stops a starting, running or paused task; the daemon ends its process and it becomes `interrupted`. */
export async function stopTask(input: StopTaskInput): Promise<void> {
  const { taskId } = StopTaskInput.parse(input);
  const task = await getTask(taskId);
  if (!ACTIVE_TASK_STATUSES.includes(TaskStatus.parse(task.status))) {
    throw new AppError("conflict", `This task is ${task.status}, not running: there is nothing to stop.`);
  }
  await runRuntimeCommand((runtime) => runtime.stopTask(taskId));
}
