import fs from "node:fs";
import path from "node:path";
import type {
  CommandAck,
  DaemonCommandOf,
  MergeTaskReply,
  RemoveWorktreeReply,
  RepoFileReply,
  TaskDiffReply,
} from "../../lib/shared/protocol/daemon";
import { branchNameProblem } from "../../lib/shared/schemas/git";
import { worktreePrefix } from "../../lib/shared/worktree-name";
import type { DaemonConfig } from "../config";
import { cleanupTaskWorktree, findTaskWorktree } from "../git/cleanup";
import { gitMessage } from "../git/git-runner";
import { mergeTaskBranch, TaskBranchError } from "../git/merge-task";
import { locateRepository } from "../git/repository";
import { readWorktreeFile, RepoFileError } from "../git/repo-file";
import { readTaskDiff, TaskDiffError } from "../git/task-diff";
import { listWorktreeFolders } from "../git/worktree-inventory";
import type { Outbox } from "../relay/outbox";

/** Whether a task still uses its worktree; a promise when it is ending (its completion on its way to the server). */
export type WorktreeUse = "free" | "in use" | Promise<void>;

/**
 * The daemon's commands on worktrees of finished (or running) tasks: clean-up, diff, reading a file, merging the
 * branch, removing an orphan folder, and the inventory of the worktrees folder sent after each authentication. The daemon forgets
 * finished tasks, so worktrees are found by their folder name (see findTaskWorktree).
 */
export class WorktreeCommands {
  constructor(
    private readonly config: DaemonConfig,
    private readonly outbox: Outbox,
    private readonly tasks: { ids(): string[]; worktreeUse(taskId: string): WorktreeUse },
  ) {}

  /**
   * Removes a finished task's worktree; the result follows as a `cleanupWorktreeResult` message. A task that is
   * ending (stopped, say, before its contract was deleted) is waited for; one whose claude still works is refused.
   */
  cleanup(taskId: string, deleteBranch: boolean): CommandAck {
    const use = this.tasks.worktreeUse(taskId);
    if (use === "in use") return { ok: false, error: "The task is still running: its worktree is kept" };
    void (async () => {
      if (use !== "free") await use;
      const worktreePath = findTaskWorktree(this.config.worktreesDir, taskId);
      const result = await cleanupTaskWorktree({ worktreePath, deleteBranch });
      await this.outbox.send({ type: "cleanupWorktreeResult", taskId, ...result });
      if (result.success) await this.reportInventory();
    })();
    return { ok: true };
  }

  async diff(command: DaemonCommandOf<"getTaskDiff">): Promise<TaskDiffReply> {
    try {
      const repository = await locateRepository(command.repository, this.config.reposDir);
      const diff = await readTaskDiff({
        worktreePath: findTaskWorktree(this.config.worktreesDir, command.taskId),
        repository,
        branch: command.branch,
        baseBranch: command.baseBranch,
      });
      return { ok: true, diff };
    } catch (error) {
      if (error instanceof TaskDiffError) return { ok: false, error: error.message };
      return { ok: false, error: `Could not read the diff: ${gitMessage(error)}` };
    }
  }

  async readFile(command: DaemonCommandOf<"readRepoFile">): Promise<RepoFileReply> {
    const worktreePath = findTaskWorktree(this.config.worktreesDir, command.taskId);
    if (!worktreePath) return { ok: false, error: "The task's worktree is gone" };
    try {
      return { ok: true, file: await readWorktreeFile(worktreePath, command.path) };
    } catch (error) {
      if (error instanceof RepoFileError) return { ok: false, error: error.message };
      return {
        ok: false,
        error: `Could not read ${command.path}: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }

  /**
   * Merges a finished task's branch into the command's target branch (see mergeTaskBranch); a task that is ending is
   * waited for. A conflict or a failed merge is a reply with that outcome; an error reply means it could not be tried.
   */
  async merge(command: DaemonCommandOf<"mergeTask">): Promise<MergeTaskReply> {
    const use = this.tasks.worktreeUse(command.taskId);
    if (use === "in use")
      return { ok: false, error: "The task is still running: wait for it to finish before merging" };
    if (use !== "free") await use;
    // The name goes into refs and a refspec: the server checks it too, but a bad one must never reach git.
    const problem = branchNameProblem(command.targetBranch);
    if (problem) return { ok: false, error: `Target branch ${problem}` };
    try {
      const repository = await locateRepository(command.repository, this.config.reposDir);
      if (!repository) return { ok: false, error: `Repository ${command.repository} not found on this machine` };
      const merge = await mergeTaskBranch(
        {
          worktreePath: findTaskWorktree(this.config.worktreesDir, command.taskId),
          repository,
          branch: command.branch,
          taskName: command.taskName,
          targetBranch: command.targetBranch,
        },
        { squash: command.squash },
      );
      return { ok: true, merge };
    } catch (error) {
      if (error instanceof TaskBranchError) return { ok: false, error: error.message };
      return { ok: false, error: `Could not merge: ${gitMessage(error)}` };
    }
  }

  /** Removes a folder of the worktrees folder that no running task owns, saving its uncommitted work first. */
  async remove(folder: string): Promise<RemoveWorktreeReply> {
    const resolved = path.resolve(folder);
    if (path.dirname(resolved) !== path.resolve(this.config.worktreesDir)) {
      return { ok: false, error: `${folder} is not a folder of this daemon's worktrees folder` };
    }
    if (fs.lstatSync(resolved, { throwIfNoEntry: false })?.isSymbolicLink()) {
      return { ok: false, error: `${folder} is a symbolic link, not a worktree folder` };
    }
    const name = path.basename(resolved);
    if (this.tasks.ids().some((taskId) => name.startsWith(worktreePrefix(taskId)))) {
      return { ok: false, error: "A running task owns this worktree" };
    }
    const result = await cleanupTaskWorktree({ worktreePath: resolved, deleteBranch: false });
    void this.reportInventory();
    return result.success ? { ok: true, message: result.message } : { ok: false, error: result.message };
  }

  /** Lists the worktrees folder for the server, which tells owned folders (their size) from orphans. */
  async reportInventory(): Promise<void> {
    try {
      const worktrees = await listWorktreeFolders(this.config.worktreesDir);
      await this.outbox.send({ type: "worktreeInventory", worktrees });
    } catch (error) {
      console.error("[daemon] could not list the worktrees folder:", error);
    }
  }
}
