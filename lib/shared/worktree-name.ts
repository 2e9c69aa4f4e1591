/**
 * The start of a task's worktree folder and branch name (`makima/<prefix><slug>`): the first 8 characters of its id
 * without dashes, then a dash. The daemon finds a finished task's worktree by it, the server tells owned folders
 * from orphans by it.
 */
export function worktreePrefix(taskId: string): string {
  return `${taskId.replace(/-/g, "").slice(0, 8)}-`;
}
