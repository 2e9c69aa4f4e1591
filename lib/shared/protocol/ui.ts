import { z } from "zod";
import { LiveText, MAX_SEQ, OutputLine, TaskStatus } from "./daemon";
import * as vocabulary from "../../generated/prisma/enums";

/** The browser protocol on the `/ui` Socket.IO namespace. */

export const UI_NAMESPACE = "/ui";

export const UiEvent = {
  /**
   * browser → server: join a task's room and get a page of its stored lines (`SubscribeTask`: after `afterSeq`, the
   * newest, or those before `beforeSeq`); acked with `TaskHistoryPage`.
   */
  subscribeTask: "task:subscribe",
  unsubscribeTask: "task:unsubscribe",
  /** browser → server: follow task status changes in one contract. */
  subscribeContract: "contract:subscribe",
  unsubscribeContract: "contract:unsubscribe",
  /** browser → server: follow the daemons list. */
  subscribeDaemons: "daemons:subscribe",
  /** server → browser: new lines of a task, in seq order. */
  taskOutput: "task:output",
  /** server → browser: a block of a message claude is writing, as written so far (`TaskLiveTextEvent`; not stored). */
  taskLiveText: "task:live-text",
  /** server → browser: a task's status or totals changed. */
  taskUpdated: "task:updated",
  /** server → browser: a daemon connected, disconnected or changed load. */
  daemonsUpdated: "daemons:updated",
  /** server → browser: how removing a task's worktree went. */
  taskCleanup: "task:cleanup",
  /** browser → server: follow notifications and logins (every page does); acked once joined. */
  subscribeNotifications: "notifications:subscribe",
  /** server → browser: a new notification (`NotificationEvent`). */
  notificationCreated: "notification:created",
  /** server → browser: notifications were dismissed (`NotificationsDismissedEvent`), in this or another browser. */
  notificationsDismissed: "notifications:dismissed",
  /** server → browser: a daemon's login moved on (`DaemonLoginEvent`). */
  loginUpdated: "login:updated",
  /** server → browser: one of claude's permission requests was made, answered or withdrawn (`ApprovalEvent`). */
  approvalUpdated: "approval:updated",
} as const;

/** The most lines a history page holds (a request's `limit` may ask for fewer). */
export const UI_HISTORY_PAGE_SIZE = 2000;

/**
 * Which page of a task's stored output a subscription asks for, oldest line first in every case:
 * - `{ afterSeq }`: the first lines after `afterSeq` (0: from the start); `hasMore` says whether more follow.
 * - `{ tail: true }`: the newest lines, the task's end; `hasEarlier` says whether older ones precede them.
 * - `{ beforeSeq }`: the newest lines below `beforeSeq`, the page above one already shown; `hasEarlier` likewise.
 * A backwards read (tail or beforeSeq) stays above `afterSeq` too, so it never goes below what is wanted.
 */
export const SubscribeTask = z.object({
  taskId: z.string().min(1).max(100),
  afterSeq: z.number().int().nonnegative().max(MAX_SEQ).default(0),
  tail: z.boolean().optional(),
  beforeSeq: z
    .number()
    .int()
    .positive()
    .max(MAX_SEQ + 1)
    .optional(),
  limit: z.number().int().min(1).max(UI_HISTORY_PAGE_SIZE).default(UI_HISTORY_PAGE_SIZE),
});
export type SubscribeTask = z.infer<typeof SubscribeTask>;

export const SubscribeContract = z.object({ contractId: z.string().min(1).max(100) });

export const StoredLine = OutputLine.extend({ createdAt: z.string() });
export type StoredLine = z.infer<typeof StoredLine>;

export const TaskHistoryPage = z.object({
  lines: z.array(StoredLine),
  /** More history follows: ask again after the last seq of this page. */
  hasMore: z.boolean(),
  /** On a page read backwards (tail, beforeSeq): older lines precede it; ask with `beforeSeq` its first seq. */
  hasEarlier: z.boolean().optional(),
});
export type TaskHistoryPage = z.infer<typeof TaskHistoryPage>;

export const TaskOutputEvent = z.object({ taskId: z.string(), lines: z.array(StoredLine) });
export type TaskOutputEvent = z.infer<typeof TaskOutputEvent>;

export const TaskLiveTextEvent = LiveText.extend({ taskId: z.string() });
export type TaskLiveTextEvent = z.infer<typeof TaskLiveTextEvent>;

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
  /** claude's input and output tokens over the task's runs. */
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  worktreeBytes: z.number().nullable(),
  completionOutcome: z.string().nullable(),
  completionMessage: z.string().nullable(),
  /** When a task waiting for a usage limit resumes. */
  resumeAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type TaskUpdatedEvent = z.infer<typeof TaskUpdatedEvent>;

/**
 * Where a worktree clean-up stands: pending (the daemon is offline or the task still runs), sent, cleaned,
 * already_gone (nothing was there to remove) or failed.
 */
export const CleanupStatus = z.enum(vocabulary.CleanupStatus);
export type CleanupStatus = z.infer<typeof CleanupStatus>;

export const TaskCleanupEvent = z.object({
  taskId: z.string(),
  contractId: z.string(),
  status: CleanupStatus,
  message: z.string().nullable(),
});
export type TaskCleanupEvent = z.infer<typeof TaskCleanupEvent>;

export const ApprovalKind = z.enum(vocabulary.ApprovalKind);
export const ApprovalStatus = z.enum(vocabulary.ApprovalStatus);
export type ApprovalStatus = z.infer<typeof ApprovalStatus>;

/** One of claude's permission requests, as every browser following its task or contract sees it. */
export const ApprovalEvent = z.object({
  id: z.string(),
  taskId: z.string(),
  contractId: z.string(),
  kind: ApprovalKind,
  toolName: z.string(),
  input: z.record(z.string(), z.unknown()),
  decisionReason: z.string().nullable(),
  /** The rule "Allow always" adds to the contract. */
  alwaysRule: z.string(),
  status: ApprovalStatus,
  /** Who answered ("ada@example.com"), or why no one did ("claude withdrew it"). */
  answeredBy: z.string().nullable(),
  answeredAt: z.string().nullable(),
  createdAt: z.string(),
});
export type ApprovalEvent = z.infer<typeof ApprovalEvent>;

export const NotificationKind = z.enum(vocabulary.NotificationKind);
export type NotificationKind = z.infer<typeof NotificationKind>;

export const NotificationEvent = z.object({
  id: z.string(),
  kind: NotificationKind,
  title: z.string(),
  body: z.string(),
  taskId: z.string().nullable(),
  contractId: z.string().nullable(),
  daemonId: z.string().nullable(),
  loginUrl: z.string().nullable(),
  createdAt: z.string(),
});
export type NotificationEvent = z.infer<typeof NotificationEvent>;

export const NotificationsDismissedEvent = z.object({ ids: z.array(z.string()) });
export type NotificationsDismissedEvent = z.infer<typeof NotificationsDismissedEvent>;

/**
 * A daemon's Claude login: waiting (for the code from the login page), submitting, succeeded, failed (the code was
 * refused; a new link is needed), or manual (no link came: someone must log in on the daemon's machine).
 */
export const LoginStatus = z.enum(vocabulary.LoginStatus);
export type LoginStatus = z.infer<typeof LoginStatus>;

export const DaemonLoginEvent = z.object({
  id: z.string(),
  daemonId: z.string(),
  hostname: z.string(),
  taskId: z.string().nullable(),
  loginUrl: z.string().nullable(),
  status: LoginStatus,
  message: z.string().nullable(),
  /** Off the banner for good (hidden, its task restarted, or replaced by a newer login of the daemon). */
  closed: z.boolean(),
  updatedAt: z.string(),
});
export type DaemonLoginEvent = z.infer<typeof DaemonLoginEvent>;
