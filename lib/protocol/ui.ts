import { z } from "zod";
import { OutputLine, TaskStatus } from "./daemon";

/** The browser protocol on the `/ui` Socket.IO namespace. */

export const UI_NAMESPACE = "/ui";

export const UiEvent = {
  /** browser → server: join a task's room and get the lines after `afterSeq`; acked with `TaskHistoryPage`. */
  subscribeTask: "task:subscribe",
  unsubscribeTask: "task:unsubscribe",
  /** browser → server: follow task status changes in one contract. */
  subscribeContract: "contract:subscribe",
  unsubscribeContract: "contract:unsubscribe",
  /** browser → server: follow the daemons list. */
  subscribeDaemons: "daemons:subscribe",
  /** server → browser: new lines of a task, in seq order. */
  taskOutput: "task:output",
  /** server → browser: a task's status or totals changed. */
  taskUpdated: "task:updated",
  /** server → browser: a daemon connected, disconnected or changed load. */
  daemonsUpdated: "daemons:updated",
  /** server → browser: how removing a task's worktree went. */
  taskCleanup: "task:cleanup",
} as const;

export const UI_HISTORY_PAGE_SIZE = 2000;

export const SubscribeTask = z.object({
  taskId: z.string().min(1).max(100),
  afterSeq: z.number().int().nonnegative().default(0),
});
export type SubscribeTask = z.infer<typeof SubscribeTask>;

export const SubscribeContract = z.object({ contractId: z.string().min(1).max(100) });

export const StoredLine = OutputLine.extend({ createdAt: z.string() });
export type StoredLine = z.infer<typeof StoredLine>;

export const TaskHistoryPage = z.object({
  lines: z.array(StoredLine),
  /** More history follows: ask again after the last seq of this page. */
  hasMore: z.boolean(),
});
export type TaskHistoryPage = z.infer<typeof TaskHistoryPage>;

export const TaskOutputEvent = z.object({ taskId: z.string(), lines: z.array(StoredLine) });
export type TaskOutputEvent = z.infer<typeof TaskOutputEvent>;

export const TaskUpdatedEvent = z.object({
  id: z.string(),
  contractId: z.string(),
  status: TaskStatus,
  error: z.string().nullable(),
  exitCode: z.number().nullable(),
  branch: z.string().nullable(),
  worktreePath: z.string().nullable(),
  costUsd: z.number(),
  numTurns: z.number().nullable(),
  durationMs: z.number().nullable(),
  worktreeBytes: z.number().nullable(),
  completionOutcome: z.string().nullable(),
  completionMessage: z.string().nullable(),
  updatedAt: z.string(),
});
export type TaskUpdatedEvent = z.infer<typeof TaskUpdatedEvent>;

/**
 * Where a worktree clean-up stands: pending (the daemon is offline or the task still runs), sent, cleaned,
 * already_gone (nothing was there to remove) or failed.
 */
export const CleanupStatus = z.enum(["pending", "sent", "cleaned", "already_gone", "failed"]);
export type CleanupStatus = z.infer<typeof CleanupStatus>;

export const TaskCleanupEvent = z.object({
  taskId: z.string(),
  contractId: z.string(),
  status: CleanupStatus,
  message: z.string().nullable(),
});
export type TaskCleanupEvent = z.infer<typeof TaskCleanupEvent>;
