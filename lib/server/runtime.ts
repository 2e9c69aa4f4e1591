import type { TaskUpdatedEvent } from "../protocol/ui";

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
  /** Ends a running task's process group; the task becomes `interrupted`. */
  stopTask(taskId: string): Promise<CommandResult>;
  /** Writes a user message to a running task's claude stdin. */
  sendTaskInput(taskId: string, message: string): Promise<CommandResult>;
  /** Asks the task's daemon to remove its worktree; the outcome is published as a `task:cleanup` event. */
  cleanupWorktree(taskId: string, deleteBranch: boolean): Promise<CommandResult>;
  /** Tells browsers following the task or its contract that the task changed. */
  publishTaskUpdate(task: TaskUpdatedEvent): void;
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
