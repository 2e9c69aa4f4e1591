import { z } from "zod";
import { checkbox } from "./checkbox";
import { branchName } from "./git";
import { atMost, unixLineBreaks } from "./text-limit";

const id = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, { error: `${label} is required` })
    .max(100);

/**
 * The longest value each text field of the task forms takes (the API's too). A plan may be a whole document:
 * 1 Mi characters, which SERVER_ACTION_BODY_LIMIT (body-limit.mjs) has room for. A message stays at the 100,000
 * characters the daemon protocol's `sendInput` takes.
 */
export const TASK_LIMITS = {
  name: 200,
  plan: 1_048_576,
  message: 100_000,
} as const;

/** A new task on a contract, as typed into the "new task" form. */
export const CreateTaskInput = z.object({
  contractId: id("Contract id"),
  name: z
    .string({ error: "Task name is required" })
    .trim()
    .min(1, { error: "Task name is required" })
    .max(TASK_LIMITS.name, atMost("Task name", TASK_LIMITS.name)),
  plan: z
    .string({ error: "Plan is required" })
    .overwrite(unixLineBreaks)
    .trim()
    .min(1, { error: "Plan is required" })
    .max(TASK_LIMITS.plan, atMost("Plan", TASK_LIMITS.plan)),
  /** A subtask: the task that spawned it (a supervisor, say), of the same contract. */
  parentTaskId: z.string().trim().min(1).max(100).optional(),
  /** A supervisor: orchestrates other tasks with `makima supervisor`, and waits for input when its claude exits. */
  supervisor: checkbox.default(false),
});
export type CreateTaskInput = z.infer<typeof CreateTaskInput>;

export const StopTaskInput = z.object({ taskId: id("Task id") });

/** "Restart task": the same plan again, as a new task of the same contract. */
export const RestartTaskInput = z.object({
  taskId: id("Task id"),
  /** From the login banner: the login whose task this is, taken off the banner once restarted. */
  loginId: z.string().trim().max(100).optional(),
});
export type RestartTaskInput = z.infer<typeof RestartTaskInput>;
export type StopTaskInput = z.infer<typeof StopTaskInput>;

/** The most iterations `Continue for N more iterations` gives at once. */
export const MAX_MORE_ITERATIONS = 100;

/**
 * A finished task goes on where it stopped, in its worktree and output: `resume` its claude conversation (interrupted
 * or failed; on the daemon that has it), on `anotherDaemon` as a new conversation on its branch, or `moreIterations`
 * for a loop that reached its limit. An optional message becomes the first prompt.
 */
const continuation = {
  how: z.enum(["resume", "anotherDaemon", "moreIterations"], { error: "Say how the task goes on" }).default("resume"),
  message: z
    .string()
    .overwrite(unixLineBreaks)
    .trim()
    .max(TASK_LIMITS.message, atMost("Message", TASK_LIMITS.message))
    .optional()
    .transform((value) => value || undefined),
  iterations: z.coerce
    .number({ error: "More iterations must be a number" })
    .int({ error: "More iterations must be a whole number" })
    .min(1, { error: "At least 1 more iteration" })
    .max(MAX_MORE_ITERATIONS, { error: `At most ${MAX_MORE_ITERATIONS} more iterations at once` })
    .optional(),
};
const iterationsGiven = (input: { how: string; iterations?: number }) =>
  input.how !== "moreIterations" || input.iterations !== undefined;
const iterationsMissing = { error: "Say how many more iterations the loop gets", path: ["iterations"] };

/** `POST /api/v1/tasks/{id}/resume`'s body. */
export const ContinueTaskBody = z.object(continuation).refine(iterationsGiven, iterationsMissing);
export const ContinueTaskInput = z
  .object({ taskId: id("Task id"), ...continuation })
  .refine(iterationsGiven, iterationsMissing);
export type ContinueTaskInput = z.input<typeof ContinueTaskInput>;

/** A message for a running task's claude (written to its stdin). */
export const SendTaskMessageInput = z.object({
  taskId: id("Task id"),
  message: z
    .string({ error: "Message is required" })
    .overwrite(unixLineBreaks)
    .refine((value) => value.trim().length > 0, { error: "Message is required" })
    .max(TASK_LIMITS.message, atMost("Message", TASK_LIMITS.message)),
});
export type SendTaskMessageInput = z.infer<typeof SendTaskMessageInput>;

/** `makima supervisor merge`: the task's branch into `to` (default: the contract's target branch), squashed or not. */
export const MergeTaskInput = z.object({
  to: branchName("Target branch").optional(),
  squash: z.boolean({ error: "squash must be true or false" }).default(false),
});
export type MergeTaskInput = z.infer<typeof MergeTaskInput>;
