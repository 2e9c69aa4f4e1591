import { z } from "zod";
import type { PermissionRuleValue } from "../protocol/claude-control";

/**
 * Claude Code's permission rules, as `--allowedTools` and the settings files write them: a tool name alone (`Edit`,
 * `mcp__github__create_issue`) or with a specifier in parentheses (`Bash(npm test:*)`, `WebFetch(domain:example.com)`,
 * `Read(./src/**)`).
 */

export const RULE_MAX_LENGTH = 500;

/** A supervisor orchestrates through `makima supervisor …`: it may always run the command without asking. */
export const SUPERVISOR_ALLOW_RULES: readonly string[] = ["Bash(makima:*)"];
/** How many rules a contract may hold. */
export const RULES_MAX = 200;

const TOOL_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** The rule read, or why it is not one (said as a field error). */
export function parseRule(text: string): { ok: true; rule: PermissionRuleValue } | { ok: false; error: string } {
  const rule = text.trim();
  if (rule === "") return { ok: false, error: "A rule is a tool name, e.g. Edit or Bash(npm test:*)." };
  if (rule.length > RULE_MAX_LENGTH) return { ok: false, error: `A rule is at most ${RULE_MAX_LENGTH} characters.` };
  if (/[\n\r]/.test(rule)) return { ok: false, error: "A rule is one line." };
  const open = rule.indexOf("(");
  const toolName = open === -1 ? rule : rule.slice(0, open);
  if (!TOOL_NAME.test(toolName))
    return { ok: false, error: `"${toolName}" is not a tool name (letters, digits, _ and -, e.g. Bash).` };
  if (open === -1) return { ok: true, rule: { toolName } };
  if (!rule.endsWith(")")) return { ok: false, error: `"${rule}" opens a parenthesis it does not close at the end.` };
  const ruleContent = rule.slice(open + 1, -1);
  if (ruleContent.trim() === "") return { ok: false, error: `"${rule}" has nothing between its parentheses.` };
  return { ok: true, rule: { toolName, ruleContent } };
}

/** The rule as claude reads it: `Bash(npm test:*)`. */
export function formatRule(rule: PermissionRuleValue): string {
  return rule.ruleContent === undefined ? rule.toolName : `${rule.toolName}(${rule.ruleContent})`;
}

/** One rule, as a form or the API gives it: trimmed, checked. */
export const PermissionRuleText = z.string().transform((text, context) => {
  const parsed = parseRule(text);
  if (!parsed.ok) {
    context.addIssue({ code: "custom", message: parsed.error });
    return z.NEVER;
  }
  return formatRule(parsed.rule);
});

/** A list of rules, one a line as a textarea gives them, or an array as the API does: blank lines and repeats dropped. */
export const PermissionRuleList = z
  .union([z.string().transform((text) => text.split("\n")), z.array(z.string())])
  .transform((rules) => rules.map((rule) => rule.trim()).filter((rule) => rule !== ""))
  .pipe(z.array(PermissionRuleText).max(RULES_MAX, `At most ${RULES_MAX} rules.`))
  .transform((rules) => [...new Set(rules)]);

/**
 * The rule "Allow always" adds for a request: the first allow rule claude suggested, else one for what was asked (the
 * exact command for Bash, the domain for WebFetch), else the tool as a whole.
 */
export function ruleForRequest(toolName: string, input: Record<string, unknown>, suggestions: unknown[] = []): string {
  for (const suggestion of suggestions) {
    const parsed = SuggestedAllowRules.safeParse(suggestion);
    if (parsed.success && parsed.data.rules[0]) return formatRule(parsed.data.rules[0]);
  }
  if (
    toolName === "Bash" &&
    typeof input.command === "string" &&
    input.command.trim() &&
    !/[\n\r()]/.test(input.command)
  )
    return formatRule({ toolName, ruleContent: input.command.trim() });
  if (toolName === "WebFetch" && typeof input.url === "string") {
    try {
      return formatRule({ toolName, ruleContent: `domain:${new URL(input.url).hostname}` });
    } catch {
      // Not a URL: the tool as a whole.
    }
  }
  return toolName;
}

const SuggestedAllowRules = z.object({
  type: z.literal("addRules"),
  behavior: z.literal("allow"),
  rules: z.array(z.object({ toolName: z.string().regex(TOOL_NAME), ruleContent: z.string().optional() })),
});
