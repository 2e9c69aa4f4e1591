import { z } from "zod";
import { CompletionAction } from "../protocol/worktree";
import { checkbox } from "./checkbox";
import { BRANCH_NAME_MAX, branchName } from "./git";
import { atMost, unixLineBreaks } from "./text-limit";
import * as vocabulary from "../../generated/prisma/enums";

export const ContractStatus = z.enum(vocabulary.ContractStatus);
export type ContractStatus = z.infer<typeof ContractStatus>;

export const MAX_ITERATIONS_DEFAULT = 10;
export const MAX_ITERATIONS_CAP = 50;

/** The longest value each text field of the contract form takes (the API's too). */
export const CONTRACT_LIMITS = {
  name: 200,
  description: 100_000,
  repository: 1000,
  branch: BRANCH_NAME_MAX,
} as const;

const id = z.string().trim().min(1, { error: "Contract id is required" }).max(100);

/** A whole number typed into a form field ("" is not 0), or a number from JSON. */
const wholeNumber = (label: string) =>
  z.preprocess(
    (value) => (typeof value === "string" ? (value.trim() === "" ? Number.NaN : Number(value)) : value),
    z
      .number({ error: `${label} must be a whole number` })
      .int({ error: `${label} must be a whole number` })
      .min(1, { error: `${label} must be at least 1` })
      .max(MAX_ITERATIONS_CAP, { error: `${label} must be at most ${MAX_ITERATIONS_CAP}` }),
  );

/** What a person fills in to create or edit a contract (form fields or JSON). */
export const ContractInput = z.object({
  name: z
    .string({ error: "Name is required" })
    .trim()
    .min(1, { error: "Name is required" })
    .max(CONTRACT_LIMITS.name, atMost("Name", CONTRACT_LIMITS.name)),
  description: z
    .string()
    .overwrite(unixLineBreaks)
    .trim()
    .max(CONTRACT_LIMITS.description, atMost("Description", CONTRACT_LIMITS.description))
    .default(""),
  /** A local path or a git URL; its existence is the daemon's business (it may run elsewhere). */
  repository: z
    .string({ error: "Repository is required" })
    .trim()
    .min(1, { error: "Repository is required" })
    .max(CONTRACT_LIMITS.repository, atMost("Repository", CONTRACT_LIMITS.repository))
    .refine((value) => !/[\x00-\x1f\x7f]/.test(value), {
      error: "Repository must be one line, without control characters",
    }),
  baseBranch: branchName("Base branch").default("main"),
  targetBranch: branchName("Target branch").default("main"),
  autonomousLoop: checkbox.default(false),
  maxIterations: wholeNumber("Max iterations").default(MAX_ITERATIONS_DEFAULT),
  completionAction: z
    .enum(CompletionAction.options, { error: "Completion action must be none, merge or keep_branch" })
    .default("none"),
});
export type ContractInput = z.infer<typeof ContractInput>;

export const UpdateContractInput = ContractInput.extend({ id });
export type UpdateContractInput = z.infer<typeof UpdateContractInput>;

export const SetContractStatusInput = z.object({ id, status: ContractStatus });
export type SetContractStatusInput = z.infer<typeof SetContractStatusInput>;

/** Deleting removes the tasks' worktrees too; their branches go only when asked. */
export const DeleteContractInput = z.object({ id, deleteBranches: checkbox.default(false) });
export type DeleteContractInput = z.infer<typeof DeleteContractInput>;

/** The contract page's "Clean up worktrees": every finished task's worktree, and its branch when asked. */
export const CleanupContractWorktreesInput = z.object({ id, deleteBranches: checkbox.default(false) });
export type CleanupContractWorktreesInput = z.infer<typeof CleanupContractWorktreesInput>;

/** A switch's value: "on"/"true"/"off"/"false" from a form, or a boolean; unlike a checkbox it must be given. */
const switchValue = z.preprocess(
  (value) => {
    if (value === "on" || value === "true") return true;
    if (value === "off" || value === "false") return false;
    return value;
  },
  z.boolean({ error: "Must be on or off" }),
);

/** The contract page's "Autonomous loop" switch. */
export const SetContractLoopInput = z.object({ id, autonomousLoop: switchValue });
export type SetContractLoopInput = z.infer<typeof SetContractLoopInput>;

export const CONTRACT_REPORT_MAX = 10_000;

/** A progress report on a contract (`makima contract report "<progress>"`). */
export const ContractReportInput = z.object({
  contractId: id,
  progress: z
    .string({ error: "Progress is required" })
    .trim()
    .min(1, { error: "Progress is required" })
    .max(CONTRACT_REPORT_MAX, { error: `Progress must be at most ${CONTRACT_REPORT_MAX} characters` }),
  /** The reporting task (a task's API key names it). */
  taskId: z.string().trim().min(1).max(100).nullable().default(null),
});
export type ContractReportInput = z.infer<typeof ContractReportInput>;
