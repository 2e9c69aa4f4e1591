import "server-only";
import type { PrismaClient } from "./db/client";
import type { WorktreeCleanup } from "../generated/prisma/client";
import { isActiveTask, type CommandAck, type DaemonCommand, type DaemonMessageOf } from "../shared/protocol/daemon";
import type { CleanupStatus, TaskCleanupEvent } from "../shared/protocol/ui";
import { RetryTimer, type BackoffPolicy } from "../shared/retry/backoff";

/** What the queue needs from the daemon hub. */
export interface CleanupTransport {
  isConnected(daemonId: string): boolean;
  send(daemonId: string, command: DaemonCommand): Promise<CommandAck>;
}

export interface CleanupRequest {
  contractId: string;
  deleteBranch: boolean;
  /** Leave unfinished tasks alone (the button) instead of cleaning them once they end (completion, deletion). */
  finishedOnly: boolean;
}

/** How a contract's clean-up request went, task by task. */
export interface CleanupRequestSummary {
  /** Tasks whose clean-up was queued (sent now, or held for an offline daemon or until the task ends). */
  queued: string[];
  /** Unfinished tasks left alone because `finishedOnly` was asked. */
  skippedRunning: string[];
  /** Tasks whose worktree a daemon already reported removed (cleaned, or already gone). */
  alreadyRemoved: string[];
}

/** Clean-up outcomes after which there is no worktree left to remove. */
const REMOVED: readonly string[] = ["cleaned", "already_gone"];

/** A refused clean-up is sent again after 2 s, doubling up to 10 s, until its daemon takes it. */
const CLEANUP_RETRY: BackoffPolicy = { initialMs: 2_000, factor: 2, maxMs: 10_000 };

/**
 * Worktree clean-ups, kept in the database until the daemon that ran the task answers. A request waits while its
 * daemon is offline (sent when it authenticates again) and while its task runs (sent when the task ends), so no
 * running worktree is removed and no request is lost to a restart.
 */
export class WorktreeCleanups {
  private readonly retries = new Map<string, RetryTimer>();

  constructor(
    private readonly db: PrismaClient,
    private readonly transport: CleanupTransport,
    private readonly publish: (event: TaskCleanupEvent) => void,
  ) {}

  /** Queues a clean-up for each task of the contract that ran on a daemon, and sends what can go now. */
  async requestForContract(request: CleanupRequest): Promise<CleanupRequestSummary> {
    const tasks = await this.db.task.findMany({
      where: { contractId: request.contractId, daemonId: { not: null } },
      select: { id: true, daemonId: true, status: true },
    });
    const previous = await this.db.worktreeCleanup.findMany({
      where: { taskId: { in: tasks.map((task) => task.id) } },
    });
    const removed = new Set(previous.filter((row) => REMOVED.includes(row.status)).map((row) => row.taskId));
    const summary: CleanupRequestSummary = { queued: [], skippedRunning: [], alreadyRemoved: [] };
    for (const task of tasks) {
      if (removed.has(task.id)) {
        summary.alreadyRemoved.push(task.id);
        continue;
      }
      if (request.finishedOnly && isActiveTask(task.status)) {
        summary.skippedRunning.push(task.id);
        continue;
      }
      const fields = { contractId: request.contractId, daemonId: task.daemonId!, deleteBranch: request.deleteBranch };
      const row = await this.db.worktreeCleanup.upsert({
        where: { taskId: task.id },
        create: { taskId: task.id, ...fields },
        update: { ...fields, status: "pending", message: null, requestedAt: new Date() },
      });
      this.publishRow(row);
      summary.queued.push(task.id);
    }
    for (const daemonId of new Set(tasks.map((task) => task.daemonId!))) await this.flush(daemonId);
    return summary;
  }

  /** Drops requests still waiting for a contract that was reopened: its worktrees are wanted again. */
  async cancelPending(contractId: string): Promise<void> {
    await this.db.worktreeCleanup.deleteMany({ where: { contractId, status: "pending" } });
  }

  /**
   * Sends the daemon's waiting requests (and resends those sent before a disconnect: removal is idempotent),
   * except for tasks that have not finished.
   */
  async flush(daemonId: string): Promise<void> {
    if (!this.transport.isConnected(daemonId)) return;
    const rows = await this.db.worktreeCleanup.findMany({ where: { daemonId, status: { in: ["pending", "sent"] } } });
    if (rows.length === 0) return;
    const tasks = await this.db.task.findMany({
      where: { id: { in: rows.map((row) => row.taskId) } },
      select: { id: true, status: true },
    });
    const unfinished = new Set(tasks.filter((task) => isActiveTask(task.status)).map((task) => task.id));
    for (const row of rows.filter((row) => !unfinished.has(row.taskId))) await this.send(row);
  }

  /** A task ended: its clean-up, if one waits, can go now. */
  async taskEnded(taskId: string): Promise<void> {
    const row = await this.db.worktreeCleanup.findUnique({ where: { taskId } });
    if (row && row.status === "pending") await this.flush(row.daemonId);
  }

  /** Stores a daemon's answer; false when no clean-up of that task was asked of that daemon. */
  async resultReceived(daemonId: string, result: DaemonMessageOf<"cleanupWorktreeResult">): Promise<boolean> {
    const status: CleanupStatus = !result.success ? "failed" : result.alreadyGone ? "already_gone" : "cleaned";
    const { count } = await this.db.worktreeCleanup.updateMany({
      where: { taskId: result.taskId, daemonId },
      data: { status, message: result.message },
    });
    if (count === 0) return false;
    if (result.success) {
      await this.db.task.updateMany({ where: { id: result.taskId }, data: { worktreeBytes: null } });
    }
    this.publishRow(await this.db.worktreeCleanup.findUniqueOrThrow({ where: { taskId: result.taskId } }));
    return true;
  }

  close(): void {
    for (const retry of this.retries.values()) retry.cancel();
    this.retries.clear();
  }

  private async send(row: WorktreeCleanup): Promise<void> {
    const answer = await this.transport.send(row.daemonId, {
      type: "cleanupWorktree",
      taskId: row.taskId,
      deleteBranch: row.deleteBranch,
    });
    if (answer.ok) {
      this.clearRetry(row.taskId);
      await this.update(row.taskId, { status: "sent", message: null }, ["pending"]);
    } else if (!this.transport.isConnected(row.daemonId)) {
      // Went offline meanwhile: the request waits for the next authentication.
    } else {
      // The daemon still runs the task (a stop is under way) or could not answer: try again, more slowly each time.
      await this.update(row.taskId, { status: "pending", message: answer.error }, ["pending", "sent"]);
      this.retryLater(row);
    }
  }

  private async update(
    taskId: string,
    data: { status: CleanupStatus; message: string | null },
    from: CleanupStatus[],
  ): Promise<void> {
    const { count } = await this.db.worktreeCleanup.updateMany({ where: { taskId, status: { in: from } }, data });
    if (count) this.publishRow(await this.db.worktreeCleanup.findUniqueOrThrow({ where: { taskId } }));
  }

  private retryLater(row: WorktreeCleanup): void {
    let retry = this.retries.get(row.taskId);
    if (!retry) this.retries.set(row.taskId, (retry = new RetryTimer(CLEANUP_RETRY, { unref: true })));
    retry.schedule(
      () => void this.flush(row.daemonId).catch((error) => console.error("[cleanups] retry failed:", error)),
    );
  }

  private clearRetry(taskId: string): void {
    this.retries.get(taskId)?.cancel();
    this.retries.delete(taskId);
  }

  private publishRow(row: WorktreeCleanup): void {
    this.publish({ taskId: row.taskId, contractId: row.contractId, status: row.status, message: row.message });
  }
}
