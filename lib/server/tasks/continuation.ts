import "server-only";
import type { Prisma, Task } from "../../generated/prisma/client";
import { AppError } from "../../shared/app-error";
import type { SpawnTask } from "../../shared/protocol/daemon";
import { formatClock } from "../../shared/stream/format";

/**
 * How a task goes on where it stopped, in its own worktree and output stream: the prompts, the banner and the fields
 * of the task row that make a pending task a continuation (`resumePrompt` set). The scheduler turns those into a
 * spawnTask's `continuation`; the daemon does the rest. Every kind of continuation is made here:
 * - Resume (a person, `makima supervisor resume`): claude's conversation resumed on the machine it is kept on;
 * - Restart on another daemon: a new conversation on the task's branch, on any daemon;
 * - Continue for N more iterations: a loop that reached its iteration limit goes on;
 * - automatic recovery: a task whose daemon went away resumes when the daemon is back (at most 3 times);
 * - a usage limit's reset: the task waited, and resumes its conversation.
 */

export const MAX_AUTOMATIC_RESUMES = 3;
/** A reset claude placed further off than this is not waited for longer: the task tries again after 8 hours. */
export const USAGE_LIMIT_MAX_WAIT_MS = 8 * 60 * 60 * 1000;
/** When claude did not say when its limit resets, the task tries again after an hour. */
export const USAGE_LIMIT_UNKNOWN_WAIT_MS = 60 * 60 * 1000;

export const INTERRUPTED_PROMPT =
  "Your work on this task was interrupted before you finished: the process running you ended. Go on where you " +
  "stopped. Check the state of the worktree first (git status, git log), then finish the task.";

export const USAGE_LIMIT_RESET_PROMPT =
  "The usage limit that stopped you has reset. Go on with the task where you stopped.";

const restartPrompt = (task: Task) =>
  `This task ran before on branch ${task.branch ?? "(none yet)"} and was interrupted. What it did is on that branch ` +
  "(commits, and changes not yet committed). Check what is done (git log, git status), then finish the plan:\n\n" +
  task.plan;

const moreIterationsPrompt = (iterations: number) =>
  `You reached the iteration limit, and a person gave you ${iterations} more iteration${iterations === 1 ? "" : "s"}. ` +
  "Go on with the task where you stopped.";

type ContinuationFields = Prisma.TaskUpdateManyMutationInput & { status: "pending" | "waiting_for_usage_limit" };

/** What every continuation resets: the task is active again, with nothing of its last end left on it. */
function pending(fields: {
  prompt: string;
  note: string;
  resumeSession: boolean;
  daemonId?: string | null;
}): ContinuationFields {
  return {
    status: "pending",
    resumePrompt: fields.prompt,
    resumeNote: fields.note,
    resumeSession: fields.resumeSession,
    resumeAt: null,
    error: null,
    exitCode: null,
    completedAt: null,
    ...(fields.daemonId !== undefined ? { daemonId: fields.daemonId } : {}),
  };
}

/** A person's message, quoted in the banner (shortened). */
const quoted = (message: string) => `: “${message.length > 300 ? `${message.slice(0, 300)}…` : message}”`;

export type ContinueHow = "resume" | "anotherDaemon" | "moreIterations";

/**
 * The fields that continue a finished task the way a person asked, or the refusal that says why it cannot. Whether
 * the task's daemon is connected is the caller's to check (a resume needs it).
 */
export function requestedContinuation(
  task: Task,
  request: { how: ContinueHow; by: string; message?: string; iterations?: number },
): ContinuationFields {
  const { how, by, message } = request;
  if (how === "moreIterations") {
    if (task.status !== "iteration_limit_reached" || !task.autonomousLoop)
      throw new AppError(
        "conflict",
        `Only a loop that reached its iteration limit can go on; this task is ${task.status}.`,
      );
    const iterations = request.iterations;
    if (!iterations) throw new AppError("invalid", "Say how many more iterations the loop gets.");
    return {
      ...pending({
        prompt: message || moreIterationsPrompt(iterations),
        note: `Continued for ${iterations} more iteration${iterations === 1 ? "" : "s"} by ${by}`,
        resumeSession: task.claudeSessionId !== null,
      }),
      maxIterations: task.iteration + iterations,
      iteration: task.iteration + 1,
    };
  }
  if (task.status !== "interrupted" && task.status !== "failed")
    throw new AppError("conflict", `Only an interrupted or failed task can go on; this one is ${task.status}.`);
  if (how === "anotherDaemon") {
    return pending({
      prompt: message || restartPrompt(task),
      note: `Restarted on another daemon by ${by}, as a new conversation on branch ${task.branch ?? "of the task"}${message ? quoted(message) : ""}`,
      resumeSession: false,
      daemonId: null,
    });
  }
  if (!task.claudeSessionId)
    throw new AppError(
      "conflict",
      "This task has no claude session to resume (claude never got to start): use Restart on another daemon instead.",
    );
  if (!task.daemonId)
    throw new AppError("conflict", "The daemon that ran this task is gone: use Restart on another daemon instead.");
  return pending({
    prompt: message || INTERRUPTED_PROMPT,
    note: `Resumed by ${by}${message ? quoted(message) : ""}`,
    resumeSession: true,
  });
}

/** Whether a task its daemon lost goes on by itself: its contract says so, and it has not done so 3 times already. */
export function recoversAutomatically(task: Task, contract: { autoResume: boolean }): boolean {
  return contract.autoResume && task.autoResumes < MAX_AUTOMATIC_RESUMES;
}

/**
 * A task its daemon lost (a crash, a restart, a reboot), made to go on by itself: its conversation resumed once the
 * same machine's daemon is back, or, when claude never reported a session, the plan again on any daemon.
 */
export function recoveryContinuation(task: Task, reason: string): ContinuationFields {
  const attempt = task.autoResumes + 1;
  const counted = `automatic resume ${attempt} of ${MAX_AUTOMATIC_RESUMES}`;
  const withSession = task.claudeSessionId !== null;
  return {
    ...pending({
      prompt: withSession ? INTERRUPTED_PROMPT : task.plan,
      note: `${withSession ? "Resumed" : "Started again"} after an interruption (${reason}; ${counted})`,
      resumeSession: withSession,
      daemonId: withSession ? task.daemonId : null,
    }),
    error: `${reason}: it goes on by itself when a daemon can take it (${counted})`,
    autoResumes: attempt,
  };
}

/**
 * When a task stopped by a usage limit resumes: at the reset claude gave, never before; at once for a reset already
 * past; at most 8 hours ahead (a reset further off, or one claude did not give, is tried again then, or after an hour).
 */
export function usageLimitResumeAt(resetsAt: Date | null, now: Date): { at: Date; bounded: boolean } {
  if (!resetsAt) return { at: new Date(now.getTime() + USAGE_LIMIT_UNKNOWN_WAIT_MS), bounded: true };
  if (resetsAt.getTime() - now.getTime() > USAGE_LIMIT_MAX_WAIT_MS)
    return { at: new Date(now.getTime() + USAGE_LIMIT_MAX_WAIT_MS), bounded: true };
  return { at: resetsAt.getTime() < now.getTime() ? now : resetsAt, bounded: false };
}

/** "waiting for the usage limit to reset at 15:00", and what happens when claude's reset is not waited for. */
export function usageLimitWaitText(resetsAt: Date | null, resumeAt: Date, now: Date): string {
  const at = formatClock(resumeAt, now);
  if (!resetsAt) return `Waiting for the usage limit to reset (claude did not say when): it tries again at ${at}`;
  if (resumeAt.getTime() < resetsAt.getTime())
    return `Waiting for the usage limit to reset at ${formatClock(resetsAt, now)}: that is more than 8 hours away, so it tries again at ${at}`;
  return `Waiting for the usage limit to reset at ${at}`;
}

/** A task stopped by a usage limit: it lets its daemon go and waits, its conversation resumed at the reset. */
export function usageLimitWait(
  task: Task,
  report: { resetsAt?: string; iteration?: number },
  now: Date,
): ContinuationFields {
  const resetsAt = report.resetsAt ? new Date(report.resetsAt) : null;
  const { at } = usageLimitResumeAt(resetsAt, now);
  return {
    status: "waiting_for_usage_limit",
    resumePrompt: USAGE_LIMIT_RESET_PROMPT,
    resumeNote: "Resumed after the usage limit reset",
    resumeSession: task.claudeSessionId !== null,
    resumeAt: at,
    error: usageLimitWaitText(resetsAt, at, now),
    ...(report.iteration ? { iteration: report.iteration } : {}),
  };
}

/** A spawnTask's `continuation`, for a pending task that continues (null for a fresh start). */
export function spawnContinuation(task: Task): SpawnTask["continuation"] {
  if (task.resumePrompt === null) return undefined;
  return {
    note: task.resumeNote ?? "Resumed",
    prompt: task.resumePrompt,
    sessionId: task.resumeSession ? task.claudeSessionId : null,
    iteration: task.iteration,
  };
}

/** The fields a task's end clears: nothing of a continuation stays on a task that has finished. */
export const ENDED_CONTINUATION: Prisma.TaskUpdateManyMutationInput = {
  resumePrompt: null,
  resumeNote: null,
  resumeSession: false,
  resumeAt: null,
};
