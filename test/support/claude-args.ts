import fs from "node:fs";
import type { ClaudePermissions } from "../../daemon/claude/permissions";

/**
 * The permissions tests start the fake claude with: a mode that asks (the old scenarios never do), since claude
 * refuses Allow everything as root (the tests run as root in CI) unless it is sandboxed.
 */
export const ASK_BEFORE_COMMANDS: ClaudePermissions = { mode: "acceptEdits", allowedTools: [] };

/** One run of the fake claude, as it records itself in FAKE_CLAUDE_ARGS_FILE. */
export interface RecordedClaudeRun {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
}

/** The runs the fake claude recorded in `argsFile` (none before the first), those `keep` selects. */
export function recordedClaudeRuns(argsFile: string, keep: (run: RecordedClaudeRun) => boolean): RecordedClaudeRun[] {
  if (!fs.existsSync(argsFile)) return [];
  return fs
    .readFileSync(argsFile, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as RecordedClaudeRun)
    .filter(keep);
}
