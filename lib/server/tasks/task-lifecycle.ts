import "server-only";
import type { PrismaClient } from "../db/client";
import type { Task } from "../../generated/prisma/client";
import { ACTIVE_TASK_STATUSES, ASSIGNED_TASK_STATUSES, type DaemonMessageOf } from "../../shared/protocol/daemon";
import type { TaskUpdatedEvent } from "../../shared/protocol/ui";
import { toTaskUpdatedEvent } from "../../shared/protocol/task-event";
import { ENDED_CONTINUATION, recoversAutomatically, recoveryContinuation, usageLimitWait } from "./continuation";

/** Why a task let its daemon go without ending: it waits for a usage limit's reset, or to be resumed after a loss. */
export type SuspendReason = "usage_limit" | "recovery";

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
    /** A task let its daemon go and waits to go on (its run is over, as for an end: its key and requests go). */
    private readonly onSuspended: (task: Task, reason: SuspendReason) => void = () => {},
  ) {}

  private changed(task: Task): Task {
    this.publish(toTaskUpdatedEvent(task));
    return task;
  }

  /** Claims a pending task for a daemon, as its next run; null when another scheduler run got it first. */
  async claim(taskId: string, daemonId: string): Promise<Task | null> {
    const { count } = await this.db.task.updateMany({
      where: { id: taskId, status: "pending" },
      data: { status: "starting", daemonId, error: null, runNumber: { increment: 1 } },
    });
    if (count === 0) return null;
    return this.changed(await this.db.task.findUniqueOrThrow({ where: { id: taskId } }));
  }

  /** Puts a task the daemon refused back in the queue; one that resumes claude's conversation stays on its daemon. */
  async release(taskId: string): Promise<void> {
    await this.db.task.updateMany({
      where: { id: taskId, status: "starting", resumeSession: true },
      data: { status: "pending" },
    });
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

  /**
   * A daemon's run of the task ended: the task ends, or, stopped by a usage limit, waits for its reset. Cost, turns,
   * time and tokens add up over the task's runs (a continuation's run reports only its own).
   */
  async completed(daemonId: string, message: DaemonMessageOf<"taskComplete">): Promise<Task | null> {
    const where = { id: message.taskId, daemonId, status: { in: [...ASSIGNED_TASK_STATUSES] } };
    const before = await this.db.task.findFirst({ where });
    if (!before) return null;
    const add = (earlier: number | null, now: number | undefined) =>
      now === undefined ? earlier : (earlier ?? 0) + now;
    const run = {
      exitCode: message.exitCode,
      costUsd: before.costUsd + (message.costUsd ?? 0),
      numTurns: add(before.numTurns, message.numTurns),
      durationMs: add(before.durationMs, message.durationMs),
      inputTokens: before.inputTokens + (message.inputTokens ?? 0),
      outputTokens: before.outputTokens + (message.outputTokens ?? 0),
      claudeSessionId: message.claudeSessionId,
      worktreeBytes: message.worktreeBytes,
    };
    const now = new Date();
    const waits = message.status === "waiting_for_usage_limit";
    const ending = waits
      ? usageLimitWait({ ...before, claudeSessionId: message.claudeSessionId ?? before.claudeSessionId }, message, now)
      : {
          ...ENDED_CONTINUATION,
          status: message.status,
          error: message.error,
          completionOutcome: message.completionAction?.outcome,
          completionMessage: message.completionAction?.message,
          completedAt: now,
        };
    const { count } = await this.db.task.updateMany({ where, data: { ...run, ...ending } });
    if (count === 0) return null;
    const task = this.changed(await this.db.task.findUniqueOrThrow({ where: { id: message.taskId } }));
    if (waits) this.onSuspended(task, "usage_limit");
    else this.onEnded(task);
    return task;
  }

  /** Ends a task as `interrupted` (stopped before it ran, or its daemon is gone). */
  async interrupt(taskId: string, reason: string): Promise<Task | null> {
    const { count } = await this.db.task.updateMany({
      where: { id: taskId, status: { in: [...ACTIVE_TASK_STATUSES] } },
      data: { ...ENDED_CONTINUATION, status: "interrupted", error: reason, completedAt: new Date() },
    });
    if (count === 0) return null;
    const task = this.changed(await this.db.task.findUniqueOrThrow({ where: { id: taskId } }));
    this.onEnded(task);
    return task;
  }

  /**
   * The daemon lost its tasks (it went away, or came back without them), except those it says it still runs: each
   * goes on by itself where its contract allows (`recoveryContinuation`), or ends `interrupted`. Returns those changed.
   */
  async daemonLostTasks(daemonId: string, reason: string, stillRunning: string[] = []): Promise<Task[]> {
    const where = { daemonId, status: { in: [...ASSIGNED_TASK_STATUSES] } };
    // Left out here, not in the query: the daemon's list (up to 1,000 ids) would pass Prisma's limit of bound
    // parameters on SQLite, and a daemon's assigned tasks are few.
    const running = new Set(stillRunning);
    const assigned = await this.db.task.findMany({ where, include: { contract: { select: { autoResume: true } } } });
    const changed: Task[] = [];
    for (const { contract, ...lostTask } of assigned.filter((task) => !running.has(task.id))) {
      const task = recoversAutomatically(lostTask, contract)
        ? await this.recover(lostTask, reason)
        : await this.interrupt(lostTask.id, reason);
      if (task) changed.push(task);
    }
    return changed;
  }

  private async recover(lost: Task, reason: string): Promise<Task | null> {
    const { count } = await this.db.task.updateMany({
      where: { id: lost.id, status: lost.status, daemonId: lost.daemonId },
      data: recoveryContinuation(lost, reason),
    });
    if (count === 0) return null;
    const task = this.changed(await this.db.task.findUniqueOrThrow({ where: { id: lost.id } }));
    this.onSuspended(task, "recovery");
    return task;
  }
}
