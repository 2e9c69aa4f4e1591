import type { Task } from "../generated/prisma/client";
import { AppError } from "../contracts/errors";
import { ASSIGNED_TASK_STATUSES } from "../protocol/daemon";
import { SendTaskMessageInput } from "../schemas/task";
import { getTask } from "./get-task";
import { runRuntimeCommand } from "./runtime-command";

/** Writes a person's message to a running task's claude, as a user turn on its stdin. */
export async function sendTaskMessage(input: SendTaskMessageInput): Promise<Task> {
  const { taskId, message } = SendTaskMessageInput.parse(input);
  const task = await getTask(taskId);
  if (!ASSIGNED_TASK_STATUSES.includes(task.status)) {
    throw new AppError("conflict", `This task is ${task.status}: messages can only be sent while it runs.`);
  }
  await runRuntimeCommand((runtime) => runtime.sendTaskInput(taskId, message));
  return task;
}
