import type { ClaudeRunResult } from "../tasks/claude-run";

/** What the real CLI says when its login is gone (test/fixtures/claude/not-logged-in.stream.jsonl and others). */
const LOGIN_LOST = /Please run \/login|Invalid API key|OAuth token has expired|OAuth session expired|Not logged in/i;

/** The run failed because claude is not logged in: restarting it cannot help. */
export function isAuthenticationFailure(run: ClaudeRunResult): boolean {
  return LOGIN_LOST.test(run.result?.text ?? "") || LOGIN_LOST.test(run.lastStderrLine ?? "");
}
