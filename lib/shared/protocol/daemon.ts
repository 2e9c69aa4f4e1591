import { z } from "zod";
import { CompletionAction, CompletionActionResult, MergeResult, RepoFile, TaskDiff, WorktreeFolder } from "./worktree";
import * as vocabulary from "../../generated/prisma/enums";
import { PermissionResult } from "./claude-control";

/**
 * The daemon protocol: what daemons send the server (`DaemonMessage`) and what the server sends
 * daemons (`DaemonCommand`), on the `/daemon` Socket.IO namespace. Both sides validate every payload
 * they receive with these schemas.
 */

export const DAEMON_NAMESPACE = "/daemon";

/** Socket.IO event names on `/daemon`. Each carries one schema-checked payload and takes an ack. */
export const DaemonEvent = {
  /** daemon → server: a `DaemonMessage`; acked with a `MessageAck`. */
  message: "daemon:message",
  /** server → daemon: a `DaemonCommand`; acked with a `CommandAck`. */
  command: "daemon:command",
} as const;

const id = z.string().min(1).max(100);

/**
 * A login code as pasted: surrounding and inner whitespace (a wrapped line, a trailing newline) is dropped; what
 * remains must be one token of printable characters.
 */
export const AuthCode = z
  .string({ error: "Paste the code the login page gave you" })
  .max(10_000, { error: "That is far too long for a login code" })
  .transform((value) => value.replace(/\s+/g, ""))
  .pipe(
    z
      .string()
      .min(1, { error: "Paste the code the login page gave you", abort: true })
      .max(1000, { error: "A login code is at most 1000 characters" })
      .regex(/^[\x21-\x7e]+$/, { error: "A login code has only letters, digits and punctuation" }),
  );

export const OutputStream = z.enum(vocabulary.OutputStream);
export type OutputStream = z.infer<typeof OutputStream>;

/** The database's Int: no seq is larger. */
export const MAX_SEQ = 2 ** 31 - 1;
/** What the server takes of one line: the daemon's 1 MiB cut, with room for its mark and for JSON escapes. */
export const MAX_LINE_CHARS = 4 * 1024 * 1024;

/** One line of a task's output, numbered by the daemon from 1 upward per task. */
export const OutputLine = z.object({
  seq: z.number().int().positive().max(MAX_SEQ),
  stream: OutputStream,
  /** The daemon cuts a line at 1 MiB and marks it; anything much longer is not a daemon's. */
  line: z.string().max(MAX_LINE_CHARS),
  jsonType: z.string().max(100).nullable(),
});
export type OutputLine = z.infer<typeof OutputLine>;

/** A block of a message claude is writing, as written so far (`key` names it within the task's current run). */
export const LiveText = z.object({
  key: z.string().min(1).max(300),
  /** claude's id of the message: its final assistant line, stored, carries the same one and replaces this. */
  messageId: z.string().min(1).max(200),
  kind: z.enum(["text", "thinking"]),
  /** A subagent's message: the Task/Agent call it belongs to. */
  parentToolUseId: z.string().max(200).nullable(),
  text: z.string().max(300_000),
  /** The block is complete: the final assistant line follows. */
  done: z.boolean(),
});
export type LiveText = z.infer<typeof LiveText>;

/** What claude may do without asking: claude's `--permission-mode`, or `bypassPermissions` for no prompts at all. */
export const PermissionMode = z.enum(vocabulary.PermissionMode);
export type PermissionMode = z.infer<typeof PermissionMode>;

export const TaskStatus = z.enum(vocabulary.TaskStatus);
export type TaskStatus = z.infer<typeof TaskStatus>;

/*
 * The words for a task's state, each with one meaning everywhere (server, dashboard, CLI):
 * - finished: it has ended (completed, failed, interrupted, or at its iteration limit);
 * - active: it has not (pending, assigned, or waiting for a usage limit to reset);
 * - assigned: a daemon holds it (starting, running, waiting for a person's approval, or a supervisor paused
 *   waiting for input);
 * - running: its claude process runs (starting, running, or waiting for approval): it takes one of its daemon's slots;
 * - unsuccessful: it finished without completing.
 */
export const FINISHED_TASK_STATUSES: readonly TaskStatus[] = [
  "completed",
  "failed",
  "interrupted",
  "iteration_limit_reached",
];
export const ASSIGNED_TASK_STATUSES: readonly TaskStatus[] = ["starting", "running", "waiting_for_approval", "paused"];
export const ACTIVE_TASK_STATUSES: readonly TaskStatus[] = [
  "pending",
  ...ASSIGNED_TASK_STATUSES,
  "waiting_for_usage_limit",
];
export const RUNNING_TASK_STATUSES: readonly TaskStatus[] = ["starting", "running", "waiting_for_approval"];
export const UNSUCCESSFUL_TASK_STATUSES: readonly TaskStatus[] = ["failed", "interrupted", "iteration_limit_reached"];

export const isActiveTask = (status: TaskStatus) => ACTIVE_TASK_STATUSES.includes(status);
export const isAssignedTask = (status: TaskStatus) => ASSIGNED_TASK_STATUSES.includes(status);

export const DaemonMessage = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("authenticate"),
    apiKey: z.string().min(1).max(500),
    machineId: id,
    hostname: z.string().min(1).max(255),
    maxConcurrentTasks: z.number().int().positive().max(1000),
    version: z.string().max(50),
    /** Whether the daemon runs as root, and claude in the sandbox: the Daemons page shows both. */
    runsAsRoot: z.boolean().default(false),
    sandboxed: z.boolean().default(false),
    /** Times `makima start` restarted this daemon after a crash (0 for a daemon run on its own). */
    restarts: z.number().int().nonnegative().max(1_000_000).default(0),
    /** Tasks the daemon is still running (after a reconnect); the server interrupts the others it thought were there. */
    runningTaskIds: z.array(id).max(1000).default([]),
  }),
  z.object({
    type: z.literal("heartbeat"),
    runningTaskIds: z.array(id).max(1000),
  }),
  z.object({
    type: z.literal("taskOutput"),
    taskId: id,
    lines: z.array(OutputLine).min(1).max(5000),
  }),
  /**
   * The text claude is writing, a block at a time (its `stream_event` deltas folded and redacted by the daemon): shown
   * live, neither numbered nor stored; the final assistant line, stored as every line is, replaces it.
   */
  z.object({
    type: z.literal("taskLiveText"),
    taskId: id,
    ...LiveText.shape,
  }),
  /**
   * claude asks whether it may use a tool (its `can_use_tool` control request, as read from its stdout): the server
   * keeps it until a person answers (`answerApproval`), claude withdraws it, or the task ends.
   */
  z.object({
    type: z.literal("approvalRequest"),
    taskId: id,
    requestId: z.string().min(1).max(200),
    toolName: z.string().min(1).max(200),
    toolUseId: z.string().max(200).optional(),
    input: z.record(z.string(), z.unknown()),
    /** claude's `permission_suggestions`: the rules "Allow always" may add. */
    suggestions: z.array(z.unknown()).max(50).default([]),
    decisionReason: z.string().max(10_000).optional(),
  }),
  /** A request no answer is wanted for any more: claude withdrew it (`control_cancel_request`) or exited. */
  z.object({
    type: z.literal("approvalWithdrawn"),
    taskId: id,
    requestId: z.string().min(1).max(200),
    reason: z.enum(["cancelled", "exited"]),
  }),
  z.object({
    type: z.literal("taskStatusChange"),
    taskId: id,
    /**
     * waiting_for_approval: claude asked a question (a tool to approve, a plan) and waits for a person's answer;
     * paused: a supervisor task whose claude has exited and that waits for a message (sendInput) to go on.
     */
    status: z.enum(["starting", "running", "waiting_for_approval", "paused"]),
    worktreePath: z.string().optional(),
    branch: z.string().optional(),
    claudeSessionId: z.string().optional(),
    /** The autonomous loop's iteration now running. */
    iteration: z.number().int().positive().optional(),
  }),
  z.object({
    type: z.literal("taskComplete"),
    taskId: id,
    success: z.boolean(),
    /**
     * Overrides the status implied by `success` (a stop ends as `interrupted`). waiting_for_usage_limit: claude hit a
     * usage limit; the daemon lets the task go and the server resumes it at `resetsAt`.
     */
    status: z.enum(["completed", "failed", "interrupted", "iteration_limit_reached", "waiting_for_usage_limit"]),
    /** When the usage limit lifts, as claude said (waiting_for_usage_limit only); absent when it did not say. */
    resetsAt: z.iso.datetime().optional(),
    /** The autonomous loop's iteration a continuation goes on with (the one the usage limit cut short). */
    iteration: z.number().int().positive().optional(),
    error: z.string().nullable(),
    exitCode: z.number().int().nullable(),
    costUsd: z.number().nonnegative().optional(),
    numTurns: z.number().int().nonnegative().optional(),
    durationMs: z.number().int().nonnegative().optional(),
    inputTokens: z.number().int().nonnegative().optional(),
    outputTokens: z.number().int().nonnegative().optional(),
    claudeSessionId: z.string().optional(),
    /** The worktree's size on disk when the task ended. */
    worktreeBytes: z.number().nonnegative().optional(),
    /** What the contract's completion action did (only after a successful run with an action). */
    completionAction: CompletionActionResult.optional(),
  }),
  /** How a `cleanupWorktree` command went. */
  z.object({
    type: z.literal("cleanupWorktreeResult"),
    taskId: id,
    success: z.boolean(),
    message: z.string().max(10_000),
    /** There was no worktree to remove (a success). */
    alreadyGone: z.boolean().default(false),
  }),
  /**
   * Claude on this daemon is not logged in (seen in a task's output). `loginUrl` is the link `claude setup-token`
   * printed, waiting for its code (see `submitAuthCode`); null when none came, and `message` says what to do instead.
   */
  z.object({
    type: z.literal("authenticationRequired"),
    taskId: id,
    loginUrl: z
      .url({ protocol: /^https$/ })
      .max(4096)
      .nullable(),
    hostname: z.string().min(1).max(255),
    message: z.string().max(2000),
  }),
  /** Sent after each authentication: every folder of the daemon's worktrees folder, so the server can spot orphans. */
  z.object({
    type: z.literal("worktreeInventory"),
    worktrees: z.array(WorktreeFolder).max(10_000),
  }),
]);
export type DaemonMessage = z.infer<typeof DaemonMessage>;
export type DaemonMessageOf<T extends DaemonMessage["type"]> = Extract<DaemonMessage, { type: T }>;

/**
 * The server's answer to a `DaemonMessage`. `ackedSeq` answers `taskOutput`: the highest seq stored.
 * A refusal is final unless `retryable` (the server failed, not the message); `fatal` ends the daemon.
 */
export const MessageAck = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), daemonId: z.string().optional(), ackedSeq: z.number().int().optional() }),
  z.object({
    ok: z.literal(false),
    error: z.string(),
    fatal: z.boolean().default(false),
    retryable: z.boolean().default(false),
  }),
]);
export type MessageAck = z.infer<typeof MessageAck>;
/** What the server sends: the defaults are filled in on receipt. */
export type MessageAckReply = z.input<typeof MessageAck>;

export const SpawnTask = z.object({
  type: z.literal("spawnTask"),
  taskId: id,
  contractId: id,
  taskName: z.string().min(1),
  plan: z.string().min(1),
  repository: z.string().min(1),
  baseBranch: z.string().min(1),
  targetBranch: z.string().min(1),
  autonomousLoop: z.boolean(),
  maxIterations: z.number().int().positive(),
  isSupervisor: z.boolean(),
  completionAction: CompletionAction.default("none"),
  /** A server that predates permissions sends neither: claude then runs as it did, asking nothing. */
  permissionMode: PermissionMode.default("bypassPermissions"),
  /** Rules for `--allowedTools` (Claude Code's syntax, `Bash(npm test:*)`): what claude may use without asking. */
  allowRules: z.array(z.string().min(1).max(500)).max(250).default([]),
  /** The task's own API key (scope task, its contract only), given to claude as MAKIMA_API_KEY; revoked when it ends. */
  apiKey: z.string().min(1).max(500).optional(),
  /**
   * Which hand-off of the task this is (the server counts them): a spawnTask sent again for the same run, after its
   * acknowledgement was lost, is acknowledged without starting a second claude.
   */
  runNumber: z.number().int().nonnegative().default(0),
  /** The first output line's seq: a continuation's output follows the task's earlier lines in the same stream. */
  firstSeq: z.number().int().positive().max(MAX_SEQ).default(1),
  /**
   * Present when the task goes on where it stopped: in its worktree and on its branch as before (the worktree is
   * recreated from the branch when it is gone).
   */
  continuation: z
    .object({
      /** The first line of the continued output, e.g. "Resumed by Ann". */
      note: z.string().min(1).max(2000),
      /** The first run's prompt in place of the plan. */
      prompt: z.string().min(1).max(100_000),
      /** claude's conversation to resume (`--resume`); null: a new conversation on the branch. */
      sessionId: z.string().min(1).max(200).nullable(),
      /** The autonomous loop's iteration to go on with (0: the task never reached one). */
      iteration: z.number().int().nonnegative(),
    })
    .optional(),
});
export type SpawnTask = z.infer<typeof SpawnTask>;

export const DaemonCommand = z.discriminatedUnion("type", [
  SpawnTask,
  /** A user message for the running claude, written to its stdin as stream-json. */
  z.object({ type: z.literal("sendInput"), taskId: id, message: z.string().min(1).max(100_000) }),
  /**
   * A person's answer to an `approvalRequest`, for claude's stdin as a `control_response`; an `AnswerApprovalReply`
   * says whether claude took it (nothing reaches claude twice).
   */
  z.object({
    type: z.literal("answerApproval"),
    taskId: id,
    requestId: z.string().min(1).max(200),
    result: PermissionResult,
  }),
  /** End the task's whole process group; the task ends `interrupted`. */
  z.object({ type: z.literal("stopTask"), taskId: id }),
  /** Remove a finished task's worktree (its uncommitted work committed first unless the branch goes too). */
  z.object({ type: z.literal("cleanupWorktree"), taskId: id, deleteBranch: z.boolean() }),
  /**
   * The task's changes against its base branch; answered with a `TaskDiffReply`. The repository and branch let a
   * daemon that no longer knows the task (or whose worktree is gone) find the branch.
   */
  z.object({
    type: z.literal("getTaskDiff"),
    taskId: id,
    repository: z.string().min(1),
    baseBranch: z.string().min(1),
    branch: z.string().min(1).nullable(),
  }),
  /** One file of the task's worktree, by a path relative to it; answered with a `RepoFileReply`. */
  z.object({ type: z.literal("readRepoFile"), taskId: id, path: z.string().min(1).max(4096) }),
  /** Remove a folder of the worktrees folder that no task owns (uncommitted work is committed first); a `CommandAck`. */
  z.object({ type: z.literal("removeWorktree"), path: z.string().min(1).max(4096) }),
  /** The code the login page gave, for the daemon's waiting `claude setup-token`; answered with an `AuthCodeReply`. */
  z.object({ type: z.literal("submitAuthCode"), code: AuthCode }),
  /**
   * Merge a finished task's branch into `targetBranch` (`makima supervisor merge`); answered with a `MergeTaskReply`.
   * The task's uncommitted work is committed on its branch first; a conflict is reported, never forced.
   */
  z.object({
    type: z.literal("mergeTask"),
    taskId: id,
    taskName: z.string().min(1),
    repository: z.string().min(1),
    branch: z.string().min(1),
    targetBranch: z.string().min(1).max(250),
    /** One new commit on the target holding the branch's changes, instead of a merge commit. */
    squash: z.boolean(),
  }),
]);
export type DaemonCommand = z.infer<typeof DaemonCommand>;
export type DaemonCommandOf<T extends DaemonCommand["type"]> = Extract<DaemonCommand, { type: T }>;

export const CommandAck = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type CommandAck = z.infer<typeof CommandAck>;

/** The answer to `answerApproval`: `taken` false when claude no longer waited for it (answered, withdrawn, exited). */
export const AnswerApprovalReply = replyWith({ taken: z.boolean() });
export type AnswerApprovalReply = z.infer<typeof AnswerApprovalReply>;

/** A `CommandAck` whose success carries a payload. */
function replyWith<T extends z.ZodRawShape>(shape: T) {
  return z.discriminatedUnion("ok", [
    z.object({ ok: z.literal(true), ...shape }),
    z.object({ ok: z.literal(false), error: z.string() }),
  ]);
}

export const TaskDiffReply = replyWith({ diff: TaskDiff });
export type TaskDiffReply = z.infer<typeof TaskDiffReply>;
export const RepoFileReply = replyWith({ file: RepoFile });
export type RepoFileReply = z.infer<typeof RepoFileReply>;
/** submitAuthCode's answer: whether the login worked, in claude's words. */
export const AuthCodeReply = replyWith({ message: z.string() });
export type AuthCodeReply = z.infer<typeof AuthCodeReply>;
/** mergeTask's answer: the merge's outcome (merged, nothing to merge, conflict, failed) in the completion action's terms. */
export const MergeTaskReply = replyWith({ merge: MergeResult });
export type MergeTaskReply = z.infer<typeof MergeTaskReply>;
/** removeWorktree's answer: what was done. */
export const RemoveWorktreeReply = replyWith({ message: z.string() });
export type RemoveWorktreeReply = z.infer<typeof RemoveWorktreeReply>;

/** Formats a zod error as one readable line for logs and error replies. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`)
    .join("; ");
}
