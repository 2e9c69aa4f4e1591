import type { PrismaClient } from "../db/client";
import type { Task } from "../generated/prisma/client";
import { ASSIGNED_TASK_STATUSES } from "../protocol/daemon";
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
    if (!ASSIGNED_TASK_STATUSES.includes(task.status) || !task.daemonId) {
      return { ok: false, error: `The task is not running (status: ${task.status})` };
    }
    return this.hub.send(task.daemonId, { type: "stopTask", taskId });
  }

  async sendInput(taskId: string, message: string): Promise<CommandResult> {
    const task = await this.db.task.findUnique({ where: { id: taskId } });
    if (!task) return { ok: false, error: "Task not found" };
    // A paused supervisor takes a message as the prompt of its next run.
    if (!["running", "paused"].includes(task.status) || !task.daemonId) {
      return { ok: false, error: `Messages can only be sent to a running task (status: ${task.status})` };
    }
    return this.hub.send(task.daemonId, { type: "sendInput", taskId, message });
  }

  /**
   * Ends the contract's supervisors that wait for input (the daemon completes them); one still working ends when it
   * next waits (see supervisorWaiting).
   */
  async endWaitingSupervisors(contractId: string): Promise<void> {
    const waiting = await this.db.task.findMany({ where: { contractId, isSupervisor: true, status: "paused" } });
    for (const task of waiting) await this.stop(task.id);
  }

  /** A supervisor waits for input: if its contract is no longer active (it may have completed it itself), it ends. */
  async supervisorWaiting(task: Task): Promise<void> {
    const contract = await this.db.contract.findUnique({ where: { id: task.contractId } });
    if (contract?.status !== "active") await this.stop(task.id);
  }
}
