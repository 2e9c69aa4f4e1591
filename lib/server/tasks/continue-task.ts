import "server-only";
import type { Task } from "../../generated/prisma/client";
import { AppError } from "../../shared/app-error";
import { toTaskUpdatedEvent } from "../../shared/protocol/task-event";
import { ContinueTaskInput } from "../../shared/schemas/task";
import { recordAudit } from "../audit";
import { actorLabel, type Actor } from "../auth/actor";
import { getDb } from "../db/client";
import { getRuntime } from "../runtime";
import { requestedContinuation } from "./continuation";
import { getTask } from "./get-task";

const SUMMARY = {
  resume: "Resumed task",
  anotherDaemon: "Restarted task on another daemon",
  moreIterations: "Continued the loop of task",
} as const;

/**
 * Resume, Restart on another daemon, Continue for N more iterations (the dashboard, the API, `makima supervisor
 * resume`): the finished task becomes pending again as a continuation, the scheduler hands it to a daemon, and its
 * output goes on in the same stream after a "Resumed by …" line. Recorded in the audit log.
 */
export async function continueTask(input: ContinueTaskInput, actor: Actor): Promise<Task> {
  const { taskId, how, message, iterations } = ContinueTaskInput.parse(input);
  const task = await getTask(taskId);
  const fields = requestedContinuation(task, { how, by: actorLabel(actor), message, iterations });
  const runtime = getRuntime();
  if (fields.resumeSession && task.daemonId && !runtime.isDaemonConnected(task.daemonId)) {
    const daemon = await getDb().daemon.findUnique({ where: { id: task.daemonId }, select: { hostname: true } });
    throw new AppError(
      "conflict",
      `Daemon ${daemon?.hostname ?? task.daemonId} keeps this task's claude conversation and is not connected: resume it when the daemon is back, or use Restart on another daemon.`,
    );
  }
  const { count } = await getDb().task.updateMany({ where: { id: taskId, status: task.status }, data: fields });
  if (count === 0) throw new AppError("conflict", "The task changed meanwhile: look again and retry.");
  const continued = await getTask(taskId);
  runtime.publishTaskUpdate(toTaskUpdatedEvent(continued));
  await recordAudit(actor, {
    action: "task.continue",
    targetType: "task",
    targetId: taskId,
    summary: `${SUMMARY[how]} “${task.name}”${how === "moreIterations" ? ` for ${iterations} more iterations` : ""}`,
  });
  await runtime.scheduleTasks();
  return continued;
}
