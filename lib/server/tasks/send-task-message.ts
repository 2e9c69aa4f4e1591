import "server-only";
import type { Task } from "../../generated/prisma/client";
import { AppError } from "../../shared/app-error";
import type { TaskStatus } from "../../shared/protocol/daemon";
import { SendTaskMessageInput } from "../../shared/schemas/task";
import { getTask } from "./get-task";
import { runRuntimeCommand } from "./runtime-command";

/** Claude reads a message while it runs; a paused supervisor takes one as its next run's prompt; a starting task has no claude yet. */
const TAKES_MESSAGES: readonly TaskStatus[] = ["running", "paused"];

/** Writes a person's message to a running task's claude, as a user turn on its stdin. */
export async function sendTaskMessage(input: SendTaskMessageInput): Promise<Task> {
  const { taskId, message } = SendTaskMessageInput.parse(input);
  const task = await getTask(taskId);
  const { daemonId } = task;
  if (!TAKES_MESSAGES.includes(task.status) || !daemonId) {
    throw new AppError("conflict", `This task is ${task.status}: messages can only be sent while it runs.`);
  }
  await runRuntimeCommand((runtime) => runtime.commandDaemon(daemonId, { type: "sendInput", taskId, message }));
  return task;
}
