import { z } from "zod";

/**
 * Claude Code's control protocol on its stdio, as `@anthropic-ai/claude-agent-sdk`'s sdk.d.ts describes it
 * (`SDKControlRequest`, `SDKControlPermissionRequest`, `SDKControlResponse`, `SDKControlCancelRequest`,
 * `PermissionResult`, `PermissionUpdate`) and its sdk.mjs answers it. Started with `--permission-prompt-tool stdio`,
 * claude writes a `control_request` line on stdout when it wants its host to decide, and waits for one
 * `control_response` line with the same `request_id` on stdin. Only what Makima reads or writes is modelled; claude
 * may send more fields, which pass through untouched.
 */

/** `PermissionUpdateDestination`: Makima answers for the running session only, never into the worktree's settings. */
export const PermissionUpdateDestination = z.enum([
  "userSettings",
  "projectSettings",
  "localSettings",
  "session",
  "cliArg",
]);

/** `PermissionMode` as claude's `--permission-mode` and `setMode` take it. */
export const ClaudePermissionMode = z.enum(["default", "acceptEdits", "plan", "bypassPermissions", "dontAsk", "auto"]);

/** `PermissionRuleValue`: `Bash(npm test:*)` is `{ toolName: "Bash", ruleContent: "npm test:*" }`. */
export const PermissionRuleValue = z.object({ toolName: z.string().min(1), ruleContent: z.string().optional() });
export type PermissionRuleValue = z.infer<typeof PermissionRuleValue>;

/** `PermissionUpdate`, the kinds Makima sends back (rules added, the mode set) and the others claude suggests. */
export const PermissionUpdate = z.discriminatedUnion("type", [
  z.object({
    type: z.enum(["addRules", "replaceRules", "removeRules"]),
    rules: z.array(PermissionRuleValue),
    behavior: z.enum(["allow", "deny", "ask"]),
    destination: PermissionUpdateDestination,
  }),
  z.object({ type: z.literal("setMode"), mode: ClaudePermissionMode, destination: PermissionUpdateDestination }),
  z.object({
    type: z.enum(["addDirectories", "removeDirectories"]),
    directories: z.array(z.string()),
    destination: PermissionUpdateDestination,
  }),
]);
export type PermissionUpdate = z.infer<typeof PermissionUpdate>;

/** `SDKControlPermissionRequest`: claude asks whether it may use a tool with this input. */
export const CanUseToolRequest = z.looseObject({
  subtype: z.literal("can_use_tool"),
  tool_name: z.string().min(1),
  input: z.record(z.string(), z.unknown()),
  tool_use_id: z.string().optional(),
  permission_suggestions: z.array(z.unknown()).optional(),
  blocked_path: z.string().optional(),
  decision_reason: z.string().optional(),
});
export type CanUseToolRequest = z.infer<typeof CanUseToolRequest>;

/** `SDKControlRequest`: the envelope; `request` is any of claude's subtypes, of which Makima answers `can_use_tool`. */
export const ControlRequest = z.object({
  type: z.literal("control_request"),
  request_id: z.string().min(1),
  request: z.looseObject({ subtype: z.string() }),
});
export type ControlRequest = z.infer<typeof ControlRequest>;

/** `SDKControlCancelRequest`: claude no longer needs the answer (the turn was interrupted, say). */
export const ControlCancelRequest = z.object({ type: z.literal("control_cancel_request"), request_id: z.string() });

/** `PermissionResult`: what a person decided. */
export const PermissionResult = z.discriminatedUnion("behavior", [
  z.object({
    behavior: z.literal("allow"),
    updatedInput: z.record(z.string(), z.unknown()).optional(),
    updatedPermissions: z.array(PermissionUpdate).optional(),
  }),
  z.object({ behavior: z.literal("deny"), message: z.string(), interrupt: z.boolean().optional() }),
]);
export type PermissionResult = z.infer<typeof PermissionResult>;

/** The `control_response` line answering a `can_use_tool` request, as the SDK writes it (the tool use id echoed). */
export function permissionResponseLine(requestId: string, result: PermissionResult, toolUseId?: string): string {
  const response = toolUseId === undefined ? result : { ...result, toolUseID: toolUseId };
  return JSON.stringify({
    type: "control_response",
    response: { subtype: "success", request_id: requestId, response },
  });
}

/** The `control_response` line refusing a request (a subtype Makima does not handle), so claude never waits on it. */
export function controlErrorLine(requestId: string, error: string): string {
  return JSON.stringify({ type: "control_response", response: { subtype: "error", request_id: requestId, error } });
}

/** One question of `AskUserQuestionInput` (sdk-tools.d.ts): 2–4 options, one or several chosen. */
export const UserQuestion = z.object({
  question: z.string(),
  header: z.string().default(""),
  options: z.array(z.object({ label: z.string(), description: z.string().default("") })).min(1),
  multiSelect: z.boolean().default(false),
});
export type UserQuestion = z.infer<typeof UserQuestion>;

/** `AskUserQuestionInput`: claude's questions; the answers go back in `updatedInput.answers`, keyed by question. */
export const AskUserQuestionInput = z.looseObject({ questions: z.array(UserQuestion).min(1) });

/** `ExitPlanModeInput`: the plan claude proposes (claude 2.x puts its text in `plan`). */
export const ExitPlanModeInput = z.looseObject({ plan: z.string().optional() });
