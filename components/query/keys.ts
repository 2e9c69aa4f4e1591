/**
 * Every key the browser's TanStack Query cache uses, in one place: a list or a task's file is cached under one key
 * whichever component reads it.
 */
export const queryKeys = {
  /** The person's undismissed notifications, newest first (kept current by the notifications room). */
  notifications: ["notifications"] as const,
  /** The daemons' Claude logins, newest first (kept current by the notifications room). */
  logins: ["logins"] as const,
  /** A task's diff against its base branch, fetched when asked for. */
  taskDiff: (taskId: string) => ["tasks", taskId, "diff"] as const,
  /** One file of a task's worktree. */
  repoFile: (taskId: string, path: string) => ["tasks", taskId, "file", path] as const,
  /**
   * A task's permission requests, oldest first: never fetched, held while its page shows them (from the page's
   * props, kept live by `approval:updated`), and read by the notifications panel to answer one in place.
   */
  taskApprovals: (taskId: string) => ["tasks", taskId, "approvals"] as const,
};

export const mutationKeys = {
  /** This browser's dismissals of notifications (hidden from the list while under way). */
  dismissNotifications: ["notifications", "dismiss"] as const,
};
