import "server-only";
import type { PrismaClient } from "../db/client";
import type { Task } from "../../generated/prisma/client";
import { ACTIVE_TASK_STATUSES, ASSIGNED_TASK_STATUSES, type DaemonMessageOf } from "../../shared/protocol/daemon";
import type { TaskUpdatedEvent } from "../../shared/protocol/ui";
import { toTaskUpdatedEvent } from "../../shared/protocol/task-event";

/**
 * Task status changes that the server makes on the daemons' behalf. Every change is written to the
 * database first and then published to the browsers following the task.
 */
export class TaskLifecycle {
  constructor(
    private readonly db: PrismaClient,
    private readonly publish: (event: TaskUpdatedEvent) => void,
    /** A task reached a final status. */
    private readonly onEnded: (task: Task) => void = () => {},
  ) {}

  private changed(task: Task): Task {
    this.publish(toTaskUpdatedEvent(task));
    return task;
  }

  /** Claims a pending task for a daemon; null when another scheduler run got it first. */
  async claim(taskId: string, daemonId: string): Promise<Task | null> {
    const { count } = await this.db.task.updateMany({
      where: { id: taskId, status: "pending" },
      data: { status: "starting", daemonId, error: null },
    });
    if (count === 0) return null;
    return this.changed(await this.db.task.findUniqueOrThrow({ where: { id: taskId } }));
  }

  /** Puts a task the daemon refused back in the queue. */
  async release(taskId: string): Promise<void> {
    await this.db.task.updateMany({
      where: { id: taskId, status: "starting" },
      data: { status: "pending", daemonId: null },
    });
    const task = await this.db.task.findUnique({ where: { id: taskId } });
    if (task) this.changed(task);
  }

  async statusChanged(daemonId: string, message: DaemonMessageOf<"taskStatusChange">): Promise<Task | null> {
    const { count } = await this.db.task.updateMany({
      where: { id: message.taskId, daemonId, status: { in: [...ASSIGNED_TASK_STATUSES] } },
      data: {
        status: message.status,
        worktreePath: message.worktreePath,
        branch: message.branch,
        claudeSessionId: message.claudeSessionId,
        iteration: message.iteration,
      },
    });
    if (count === 0) return null;
    // The first report of `running` starts the clock; loop iterations and a supervisor's resumed runs repeat it.
    if (message.status === "running") {
      await this.db.task.updateMany({
        where: { id: message.taskId, startedAt: null },
        data: { startedAt: new Date() },
      });
    }
    return this.changed(await this.db.task.findUniqueOrThrow({ where: { id: message.taskId } }));
  }

  async completed(daemonId: string, message: DaemonMessageOf<"taskComplete">): Promise<Task | null> {
    const { count } = await this.db.task.updateMany({
      where: { id: message.taskId, daemonId, status: { in: [...ASSIGNED_TASK_STATUSES] } },
      data: {
        status: message.status,
        error: message.error,
        exitCode: message.exitCode,
        costUsd: message.costUsd,
        numTurns: message.numTurns,
        durationMs: message.durationMs,
        inputTokens: message.inputTokens,
        outputTokens: message.outputTokens,
        claudeSessionId: message.claudeSessionId,
        worktreeBytes: message.worktreeBytes,
        completionOutcome: message.completionAction?.outcome,
        completionMessage: message.completionAction?.message,
        completedAt: new Date(),
      },
    });
    if (count === 0) return null;
    const task = this.changed(await this.db.task.findUniqueOrThrow({ where: { id: message.taskId } }));
    this.onEnded(task);
    return task;
  }

  /** Ends a task as `interrupted` (stopped before it ran, or its daemon is gone). */
  async interrupt(taskId: string, reason: string): Promise<Task | null> {
    const { count } = await this.db.task.updateMany({
      where: { id: taskId, status: { in: [...ACTIVE_TASK_STATUSES] } },
      data: { status: "interrupted", error: reason, completedAt: new Date() },
    });
    if (count === 0) return null;
    const task = this.changed(await this.db.task.findUniqueOrThrow({ where: { id: taskId } }));
    this.onEnded(task);
    return task;
  }

  /** Interrupts the daemon's active tasks, except those it says it still runs. */
  async interruptDaemonTasks(daemonId: string, reason: string, stillRunning: string[] = []): Promise<Task[]> {
    const lost = await this.db.task.findMany({
      where: { daemonId, status: { in: [...ASSIGNED_TASK_STATUSES] }, id: { notIn: stillRunning } },
      select: { id: true },
    });
    const interrupted: Task[] = [];
    for (const { id } of lost) {
      const task = await this.interrupt(id, reason);
      if (task) interrupted.push(task);
    }
    return interrupted;
  }
}
