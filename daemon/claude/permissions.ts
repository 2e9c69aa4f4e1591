import { formatRule } from "../../lib/shared/permissions/rules";
import type { PermissionResult } from "../../lib/shared/protocol/claude-control";
import type { PermissionMode } from "../../lib/shared/protocol/daemon";

/** How claude is started for a task's permission mode: its flags, and what its environment needs. */
export type PermissionLaunch =
  | { ok: true; permissions: ClaudePermissions; env: Record<string, string> }
  | { ok: false; error: string };

/** What buildClaudeArgs turns into flags. */
export interface ClaudePermissions {
  mode: PermissionMode;
  /** Each becomes one `--allowedTools <rule>`. */
  allowedTools: readonly string[];
}

export const ROOT_WITHOUT_SANDBOX =
  "Claude refuses to run with Allow everything (no prompts) as root, and this daemon runs as root without the " +
  "sandbox. Run the daemon as a normal user, start it with --bubblewrap, or choose another permission mode for " +
  "the contract.";

/**
 * As root, claude refuses `--dangerously-skip-permissions` unless it is told it runs in a sandbox (IS_SANDBOX=1): the
 * daemon says so only when claude really runs inside bubblewrap; a root daemon without it fails such a task at once
 * rather than start a claude that exits with a one-line refusal.
 */
export function permissionLaunch(
  mode: PermissionMode,
  allowedTools: readonly string[],
  host: { runsAsRoot: boolean; sandboxed: boolean },
): PermissionLaunch {
  const permissions = { mode, allowedTools };
  if (mode !== "bypassPermissions" || !host.runsAsRoot) return { ok: true, permissions, env: {} };
  if (!host.sandboxed) return { ok: false, error: ROOT_WITHOUT_SANDBOX };
  return { ok: true, permissions, env: { IS_SANDBOX: "1" } };
}

/**
 * The permissions the task's later runs start with after claude took an answer: a plan approved (`setMode`) is not
 * planned again, a rule allowed always is not asked again, in the next loop iteration or supervisor run as in this one.
 */
export function afterAnswer(permissions: ClaudePermissions, result: PermissionResult): ClaudePermissions {
  if (result.behavior !== "allow") return permissions;
  let { mode, allowedTools } = permissions;
  for (const update of result.updatedPermissions ?? []) {
    if (update.type === "setMode") mode = MODES[update.mode] ?? mode;
    if (update.type === "addRules" && update.behavior === "allow")
      allowedTools = [...new Set([...allowedTools, ...update.rules.map(formatRule)])];
  }
  return { mode, allowedTools };
}

/** The modes a `setMode` may move a task to (never to Allow everything, which a person chooses on the contract). */
const MODES: Partial<Record<string, PermissionMode>> = { default: "default", acceptEdits: "acceptEdits", plan: "plan" };

/** Whether this process runs as root (never on Windows, which has no uid). */
export function runsAsRoot(): boolean {
  return process.getuid?.() === 0;
}
