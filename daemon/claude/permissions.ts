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

/** Whether this process runs as root (never on Windows, which has no uid). */
export function runsAsRoot(): boolean {
  return process.getuid?.() === 0;
}
