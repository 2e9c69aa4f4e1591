import "server-only";
import { z } from "zod";
import { getDb } from "../db/client";
import type { Contract } from "../../generated/prisma/client";
import { AppError } from "../../shared/app-error";
import { RULES_MAX } from "../../shared/permissions/rules";
import { AllowRuleInput, RemoveAllowRuleInput } from "../../shared/schemas/contract";
import { recordAudit } from "../audit";
import type { Actor } from "../auth/actor";

/**
 * A contract's allowed tools: the rules (Claude Code's syntax, `Bash(npm test:*)`) its tasks' claude may use without
 * asking. The column holds them as a JSON array of strings; this module is the one place that reads and changes it.
 */

/** The column as stored: JSON text of an array of strings. */
const StoredAllowRules = z
  .string()
  .transform((text, context) => {
    try {
      const value: unknown = JSON.parse(text);
      return value;
    } catch {
      context.addIssue({ code: "custom", message: "not JSON" });
      return z.NEVER;
    }
  })
  .pipe(z.array(z.string()));

/** The rules as the column holds them, for writing. */
export function storedAllowRules(rules: readonly string[]): string {
  return JSON.stringify(rules);
}

/** The contract's allowed tools, in the order they were added. A corrupt column reads as none, and is logged. */
export function readAllowRules(contract: Pick<Contract, "allowRules">): string[] {
  const parsed = StoredAllowRules.safeParse(contract.allowRules);
  if (parsed.success) return parsed.data;
  const which = "id" in contract && typeof contract.id === "string" ? `contract ${contract.id}` : "a contract";
  console.error(
    `[makima] the allowed tools of ${which} are not a JSON array of strings; read as none:`,
    z.prettifyError(parsed.error),
    JSON.stringify(contract.allowRules.slice(0, 200)),
  );
  return [];
}

/** The input checked; a rule that is not one is an `AppError("invalid")` saying why, for any caller to show. */
function checked<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new AppError("invalid", parsed.error.issues.map((issue) => issue.message).join(" "));
}

type Change = (rules: string[]) => string[] | null;

/** How often a change is tried again when the column changed between its read and its write. */
const ATTEMPTS = 5;

/**
 * Reads the contract's rules, changes them and writes them back in one transaction. The write is conditional on the
 * column still holding what was read, so two changes at once (two "Allow always" answers) never lose one: the later
 * one reads again. `change` answers null when there is nothing to write.
 */
async function changeAllowRules(contractId: string, change: Change): Promise<{ rules: string[]; changed: boolean }> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const outcome = await getDb().$transaction(async (tx) => {
      const contract = await tx.contract.findUnique({
        where: { id: contractId },
        select: { id: true, allowRules: true },
      });
      if (!contract) throw new AppError("not_found", "This contract does not exist (it may have been deleted).");
      const rules = readAllowRules(contract);
      const next = change(rules);
      if (next === null) return { rules, changed: false };
      const { count } = await tx.contract.updateMany({
        where: { id: contractId, allowRules: contract.allowRules },
        data: { allowRules: storedAllowRules(next) },
      });
      return count === 1 ? { rules: next, changed: true } : null;
    });
    if (outcome) return outcome;
  }
  throw new AppError("conflict", "The contract's allowed tools kept changing while this was saved: try again.");
}

/**
 * Adds a rule to the contract's allowed tools (the contract page's "Add rule", an approval's "Allow always") and
 * answers the new list. A rule already there changes nothing (and records nothing); the rule is checked (one that
 * is not a rule is an `AppError("invalid")` saying why) and written as claude reads it (`Bash(npm test:*)`). Recorded
 * in the audit log.
 */
export async function addAllowRule(input: { contractId: string; rule: string }, actor: Actor): Promise<string[]> {
  const { contractId, rule } = checked(AllowRuleInput, input);
  const { rules, changed } = await changeAllowRules(contractId, (rules) => {
    if (rules.includes(rule)) return null;
    if (rules.length >= RULES_MAX)
      throw new AppError("invalid", `A contract allows at most ${RULES_MAX} rules: remove one first.`);
    return [...rules, rule];
  });
  if (changed) {
    await recordAudit(actor, {
      action: "contract.allow_rule_add",
      targetType: "contract",
      targetId: contractId,
      summary: `Allowed “${rule}” without asking`,
    });
  }
  return rules;
}

/**
 * Removes a rule from the contract's allowed tools and answers the new list; a rule not there changes nothing (and
 * records nothing). Recorded in the audit log.
 */
export async function removeAllowRule(input: { contractId: string; rule: string }, actor: Actor): Promise<string[]> {
  const { contractId, rule } = checked(RemoveAllowRuleInput, input);
  const { rules, changed } = await changeAllowRules(contractId, (rules) =>
    rules.includes(rule) ? rules.filter((kept) => kept !== rule) : null,
  );
  if (changed) {
    await recordAudit(actor, {
      action: "contract.allow_rule_remove",
      targetType: "contract",
      targetId: contractId,
      summary: `No longer allowed “${rule}” without asking`,
    });
  }
  return rules;
}
