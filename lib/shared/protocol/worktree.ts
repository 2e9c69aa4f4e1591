import { z } from "zod";
import * as vocabulary from "../../generated/prisma/enums";

/**
 * Worktree data that daemons send back: a task's diff, a file of its worktree, the outcome of the contract's
 * completion action, and the worktree folders a daemon holds.
 */

/** What happens to a task's branch when the task completes successfully. */
export const CompletionAction = z.enum(vocabulary.CompletionAction);
export type CompletionAction = z.infer<typeof CompletionAction>;

export const COMPLETION_ACTION_LABELS: Record<CompletionAction, string> = {
  none: "None: leave the work in the task's worktree",
  merge: "Merge into the target branch",
  keep_branch: "Keep the branch (pushed to origin for a cloned repository)",
};

export const CompletionActionResult = z.object({
  action: CompletionAction,
  /** merged/kept: done; nothing: nothing to merge or keep; conflict: the merge was not made; failed: another error. */
  outcome: z.enum(vocabulary.CompletionOutcome),
  message: z.string().max(10_000),
  /** Files in conflict, when outcome is conflict. */
  conflicts: z.array(z.string().max(4096)).max(1000).default([]),
});
export type CompletionActionResult = z.infer<typeof CompletionActionResult>;

/** What `makima supervisor merge` did with a task's branch. */
export const MergeResult = z.object({
  outcome: z.enum(["merged", "nothing", "conflict", "failed"]),
  message: z.string().max(10_000),
  targetBranch: z.string(),
  /** The new commit on the target (merge commit, or the squashed commit), when merged. */
  commit: z.string().nullable(),
  squash: z.boolean(),
  /** Files in conflict, when outcome is conflict. */
  conflicts: z.array(z.string().max(4096)).max(1000).default([]),
});
export type MergeResult = z.infer<typeof MergeResult>;

export const DiffFileStatus = z.enum(["added", "modified", "deleted", "renamed", "copied", "typechange"]);
export type DiffFileStatus = z.infer<typeof DiffFileStatus>;

export const TaskDiffFile = z.object({
  path: z.string(),
  /** The path before a rename or copy. */
  oldPath: z.string().nullable(),
  status: DiffFileStatus,
  additions: z.number().int().nonnegative(),
  deletions: z.number().int().nonnegative(),
  binary: z.boolean(),
});
export type TaskDiffFile = z.infer<typeof TaskDiffFile>;

/** A task's changes against its base branch: committed and uncommitted (untracked files included). */
export const TaskDiff = z.object({
  /** worktree: the worktree with uncommitted work; branch: the worktree is gone, the branch's commits only. */
  source: z.enum(["worktree", "branch"]),
  baseBranch: z.string(),
  /** The commit the changes are measured from: where the task's branch left the base branch. */
  baseCommit: z.string(),
  headCommit: z.string(),
  branch: z.string().nullable(),
  files: z.array(TaskDiffFile),
  /** Unified diff (`git diff` output) of every file. */
  patch: z.string(),
  /** The patch was cut at the size limit; `files` is still complete. */
  truncated: z.boolean(),
});
export type TaskDiff = z.infer<typeof TaskDiff>;

export const RepoFile = z.object({
  path: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  binary: z.boolean(),
  /** UTF-8 text; empty for a binary file. */
  content: z.string(),
  truncated: z.boolean(),
});
export type RepoFile = z.infer<typeof RepoFile>;

/** One folder of a daemon's worktrees folder. */
export const WorktreeFolder = z.object({
  path: z.string().min(1).max(4096),
  branch: z.string().max(1000).nullable(),
  sizeBytes: z.number().nonnegative(),
});
export type WorktreeFolder = z.infer<typeof WorktreeFolder>;
