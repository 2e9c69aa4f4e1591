import { z } from "zod";
import { PermissionRuleList, PermissionRuleText } from "../permissions/rules";
import { CompletionAction } from "../protocol/worktree";
import { checkbox } from "./checkbox";
import { BRANCH_NAME_MAX, branchName } from "./git";
import { atMost, unixLineBreaks } from "./text-limit";
import * as vocabulary from "../../generated/prisma/enums";

export const ContractStatus = z.enum(vocabulary.ContractStatus);
export type ContractStatus = z.infer<typeof ContractStatus>;

/** How claude asks before using a tool (its `--permission-mode`); a task takes its contract's when it is made. */
export const PermissionMode = z.enum(vocabulary.PermissionMode);
export type PermissionMode = z.infer<typeof PermissionMode>;

/** What the form and the contract page call each mode. */
export const PERMISSION_MODE_LABELS: Record<PermissionMode, string> = {
  default: "Ask before every tool",
  acceptEdits: "Ask before commands, allow edits",
  plan: "Plan first",
  bypassPermissions: "Allow everything (no prompts)",
};

/** The one mode that never asks: claude runs any command without a person seeing it first. */
export const DANGEROUS_PERMISSION_MODE: PermissionMode = "bypassPermissions";

export const PERMISSION_MODE_DEFAULT: PermissionMode = "acceptEdits";

/** The longest a request may wait for an answer before it is denied: a week. */
export const DENY_AFTER_MINUTES_MAX = 10_080;

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

const denyAfterError = `Deny requests unanswered after must be a whole number of minutes from 1 to ${DENY_AFTER_MINUTES_MAX.toLocaleString("en-US")} (a week), or empty for never`;

/** Minutes typed into a form field or a number from JSON; empty (or null) is never. */
const minutesOrNever = z.preprocess(
  (value) => {
    if (typeof value !== "string") return value;
    return value.trim() === "" ? null : Number(value.trim());
  },
  z
    .number({ error: denyAfterError })
    .int({ error: denyAfterError })
    .min(1, { error: denyAfterError })
    .max(DENY_AFTER_MINUTES_MAX, { error: denyAfterError })
    .nullable(),
);

/**
 * The rules claude may use without asking, from `lines`: one a line (a textarea's text) or an array (JSON), checked
 * and deduplicated by `PermissionRuleList`. A refused rule's message names it, so a person sees which line of many is
 * wrong.
 */
export function checkedAllowRules<S extends z.ZodType<string | string[]>>(lines: S) {
  return lines.transform((value: string | string[], context) => {
    const parsed = PermissionRuleList.safeParse(value);
    if (parsed.success) return parsed.data;
    // PermissionRuleList numbers the rules it checks: the non-blank lines, trimmed.
    const rules = (typeof value === "string" ? value.split("\n") : value)
      .map((rule) => rule.trim())
      .filter((rule) => rule !== "");
    for (const issue of parsed.error.issues) {
      const index = issue.path[0];
      const rule = typeof index === "number" ? rules[index] : undefined;
      context.addIssue({
        code: "custom",
        path: issue.path,
        message:
          rule !== undefined && !issue.message.includes(rule) ? `${quoted(rule)}: ${issue.message}` : issue.message,
      });
    }
    return z.NEVER;
  });
}

/** A rule, quoted for a message; a very long one shortened. */
function quoted(rule: string): string {
  return `"${rule.length > 60 ? `${rule.slice(0, 57)}…` : rule}"`;
}

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
  permissionMode: z
    .enum(PermissionMode.options, {
      error: "Permissions must be default, acceptEdits, plan or bypassPermissions",
    })
    .default(PERMISSION_MODE_DEFAULT),
  allowRules: checkedAllowRules(
    z.union([z.string(), z.array(z.string())], {
      error: "Allowed tools must be one rule per line, or a list of rules",
    }),
  ).default([]),
  /** A request for permission nobody answers within this many minutes is denied; null: it waits. */
  denyUnansweredAfterMinutes: minutesOrNever.default(null),
  /** Tasks interrupted because their daemon went away go on by themselves when it is back (at most 3 times a task). */
  autoResume: checkbox,
});
export type ContractInput = z.infer<typeof ContractInput>;

export const UpdateContractInput = ContractInput.extend({ id });
export type UpdateContractInput = z.infer<typeof UpdateContractInput>;

/** One rule added to a contract's allowed tools (the contract page's "Add rule", an approval's "Allow always"). */
export const AllowRuleInput = z.object({ contractId: id, rule: PermissionRuleText });
export type AllowRuleInput = z.infer<typeof AllowRuleInput>;

/** Removing takes the rule as stored, unchecked: a rule written before a stricter check can still go. */
export const RemoveAllowRuleInput = z.object({
  contractId: id,
  rule: z.string({ error: "Rule is required" }).trim().min(1, { error: "Rule is required" }).max(1000),
});
export type RemoveAllowRuleInput = z.infer<typeof RemoveAllowRuleInput>;

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
