import "server-only";
import type { PrismaClient } from "../db/client";
import { ASSIGNED_TASK_STATUSES, MergeTaskReply, RepoFileReply, TaskDiffReply } from "../../shared/protocol/daemon";
import type { DaemonHub } from "../daemon-hub";

const INSPECT_TIMEOUT_MS = 60_000;

const MERGE_TIMEOUT_MS = 120_000;

/**
 * Reads a task's worktree on the daemon that ran it (its diff against the base branch, single files), and merges its
 * branch there.
 */
export class TaskInspection {
  constructor(
    private readonly db: PrismaClient,
    private readonly hub: DaemonHub,
  ) {}

  async diff(taskId: string): Promise<TaskDiffReply> {
    const found = await this.reachableTask(taskId);
    if (!found.ok) return found;
    const { task, daemonId } = found;
    const { repository, baseBranch } = task.contract;
    return this.hub.request(
      daemonId,
      { type: "getTaskDiff", taskId, repository, baseBranch, branch: task.branch },
      TaskDiffReply,
      INSPECT_TIMEOUT_MS,
    );
  }

  async readFile(taskId: string, path: string): Promise<RepoFileReply> {
    const found = await this.reachableTask(taskId);
    if (!found.ok) return found;
    return this.hub.request(found.daemonId, { type: "readRepoFile", taskId, path }, RepoFileReply, INSPECT_TIMEOUT_MS);
  }

  /** Merges a finished task's branch into `targetBranch` (the contract's target branch when not given). */
  async merge(taskId: string, options: { targetBranch?: string; squash: boolean }): Promise<MergeTaskReply> {
    const found = await this.reachableTask(taskId);
    if (!found.ok) return found;
    const { task, daemonId } = found;
    if (ASSIGNED_TASK_STATUSES.includes(task.status)) {
      return { ok: false, error: `The task is ${task.status}: wait for it to finish before merging` };
    }
    if (!task.branch) return { ok: false, error: "The task has no branch to merge" };
    return this.hub.request(
      daemonId,
      {
        type: "mergeTask",
        taskId,
        taskName: task.name,
        repository: task.contract.repository,
        branch: task.branch,
        targetBranch: options.targetBranch ?? task.contract.targetBranch,
        squash: options.squash,
      },
      MergeTaskReply,
      MERGE_TIMEOUT_MS,
    );
  }

  /** The task, if it ran on a daemon that is connected now. */
  private async reachableTask(taskId: string) {
    const task = await this.db.task.findUnique({ where: { id: taskId }, include: { contract: true, daemon: true } });
    if (!task) return { ok: false as const, error: "Task not found" };
    if (!task.daemonId || !task.daemon) return { ok: false as const, error: "The task has not run on a daemon yet" };
    if (!this.hub.isConnected(task.daemonId)) {
      return { ok: false as const, error: `The daemon that ran this task (${task.daemon.hostname}) is offline` };
    }
    return { ok: true as const, task, daemonId: task.daemonId };
  }
}
