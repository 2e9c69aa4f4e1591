import "server-only";
import { getRuntime } from "../runtime";

/** HTTP status for a failed inspection: the daemon's refusal (a bad path) is the caller's, the rest are the server's. */
export function inspectionStatus(error: string): number {
  if (error === "Task not found") return 404;
  if (/offline|not connected|did not answer|not run on a daemon/.test(error)) return 503;
  if (/still running|wait for it to finish/.test(error)) return 409;
  return 422;
}

/** The task's diff against its base branch, as the daemon that ran it computes it. */
export function getTaskDiff(taskId: string) {
  return getRuntime().getTaskDiff(taskId);
}

/** A file of the task's worktree (paths outside it are refused by the daemon). */
export function readTaskFile(taskId: string, path: string) {
  return getRuntime().readTaskFile(taskId, path);
}

/** Merges the finished task's branch into `targetBranch` (default: its contract's target branch) on its daemon. */
export function mergeTask(taskId: string, options: { targetBranch?: string; squash: boolean }) {
  return getRuntime().mergeTask(taskId, options);
}
