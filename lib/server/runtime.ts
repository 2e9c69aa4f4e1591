import "server-only";
import type { DaemonCommand, MergeTaskReply, RepoFileReply, TaskDiffReply } from "../shared/protocol/daemon";
import type { TaskUpdatedEvent } from "../shared/protocol/ui";
import type { LoginResult } from "./logins/daemon-logins";
import type { CleanupRequest, CleanupRequestSummary } from "./worktree-cleanups";

/** The result of a command the server relays to a daemon. */
export type CommandResult = { ok: true } | { ok: false; error: string };

/**
 * What the running `makima server` offers to code that runs inside Next.js (server actions, route
 * handlers): reaching daemons and pushing live updates to browsers. The custom server installs it at
 * start-up; Next.js bundles its own copy of this module, so the instance is kept on globalThis.
 */
export interface MakimaRuntime {
  /** Assigns pending tasks to connected daemons with free capacity. */
  scheduleTasks(): Promise<void>;
  /** Sends a command to a connected daemon and gives its answer; the rules of when to are the use cases' (lib/tasks). */
  commandDaemon(daemonId: string, command: DaemonCommand): Promise<CommandResult>;
  /** Marks a task that has not finished `interrupted` with the reason, and tells browsers. */
  interruptTask(taskId: string, reason: string): Promise<void>;
  /**
   * Queues the removal of a contract's task worktrees with the daemons that ran them (held while a daemon is offline
   * or a task runs); each outcome is published as a `task:cleanup` event.
   */
  cleanupContractWorktrees(request: CleanupRequest): Promise<CleanupRequestSummary>;
  /** Drops a reopened contract's clean-ups that have not been sent yet. */
  cancelPendingCleanups(contractId: string): Promise<void>;
  /** The task's changes against its base branch, from its daemon. */
  getTaskDiff(taskId: string): Promise<TaskDiffReply>;
  /** A file of the task's worktree, by a path relative to it. */
  readTaskFile(taskId: string, path: string): Promise<RepoFileReply>;
  /** Merges a finished task's branch into a branch (the contract's target branch by default), on its daemon. */
  mergeTask(taskId: string, options: { targetBranch?: string; squash: boolean }): Promise<MergeTaskReply>;
  /** Removes a worktree folder no task owns from its daemon. */
  removeOrphanWorktree(orphanId: string): Promise<CommandResult & { message?: string }>;
  /** A person dismisses notifications, in each of their browsers; returns the ids dismissed. */
  dismissNotifications(userId: string, ids: string[] | "all"): Promise<string[]>;
  /** Carries a pasted login code to the daemon whose `claude setup-token` waits for it. */
  submitLoginCode(loginId: string, code: string): Promise<LoginResult>;
  /** An API key was revoked: daemons connected with it are dropped (and refused on their next try). */
  apiKeyRevoked(keyId: string): void;
  /** Takes a login off the banner in every browser; false when it was already off. */
  closeLogin(loginId: string): Promise<boolean>;
  /** A person answered one of claude's requests: browsers are told, and the answer goes to the task's daemon. */
  approvalAnswered(approvalId: string): Promise<void>;
  /** Whether the daemon is connected now (a resume of claude's conversation needs the daemon that has it). */
  isDaemonConnected(daemonId: string): boolean;
  /** Tells browsers following the task or its contract that the task changed. */
  publishTaskUpdate(task: TaskUpdatedEvent): void;
  /** Sessions ended (signed out, revoked, or all of a disabled person's): their live views are disconnected. */
  endSessions(filter: { sessionIds?: string[]; userId?: string }): void;
}

const holder = globalThis as unknown as { __makimaRuntime?: MakimaRuntime };

export function installRuntime(runtime: MakimaRuntime): void {
  holder.__makimaRuntime = runtime;
}

export function getRuntime(): MakimaRuntime {
  if (!holder.__makimaRuntime) {
    throw new Error("The Makima runtime is not running: start the dashboard with `npm start` (makima server).");
  }
  return holder.__makimaRuntime;
}
