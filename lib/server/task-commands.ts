import type { PrismaClient } from "../db/client";
import { ACTIVE_TASK_STATUSES, type TaskStatus } from "../protocol/daemon";
import type { DaemonHub } from "./daemon-hub";
import type { CommandResult } from "./runtime";
import type { TaskLifecycle } from "./task-lifecycle";

/** Stop and message commands from the dashboard, carried to the daemon that runs the task. */
export class TaskCommands {
  constructor(
    private readonly db: PrismaClient,
    private readonly hub: DaemonHub,
    private readonly lifecycle: TaskLifecycle,
  ) {}

  async stop(taskId: string): Promise<CommandResult> {
    const task = await this.db.task.findUnique({ where: { id: taskId } });
    if (!task) return { ok: false, error: "Task not found" };
    if (task.status === "pending") {
      await this.lifecycle.interrupt(taskId, "Stopped before it started");
      return { ok: true };
    }
    if (!ACTIVE_TASK_STATUSES.includes(task.status as TaskStatus) || !task.daemonId) {
      return { ok: false, error: `The task is not running (status: ${task.status})` };
    }
    return this.hub.send(task.daemonId, { type: "stopTask", taskId });
  }

  async sendInput(taskId: string, message: string): Promise<CommandResult> {
    const task = await this.db.task.findUnique({ where: { id: taskId } });
    if (!task) return { ok: false, error: "Task not found" };
    if (task.status !== "running" || !task.daemonId) {
      return { ok: false, error: `Messages can only be sent to a running task (status: ${task.status})` };
    }
    return this.hub.send(task.daemonId, { type: "sendInput", taskId, message });
  }
}
