import type { ClaudePermissions } from "../../daemon/claude/permissions";

/**
 * The permissions tests start the fake claude with: a mode that asks (the old scenarios never do), since claude
 * refuses Allow everything as root (the tests run as root in CI) unless it is sandboxed.
 */
export const ASK_BEFORE_COMMANDS: ClaudePermissions = { mode: "acceptEdits", allowedTools: [] };
