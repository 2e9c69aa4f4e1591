import { mentionsLostLogin } from "../auth/login-detector";
import type { ClaudeRunResult } from "../tasks/claude-run";

/** The run failed because claude is not logged in: restarting it cannot help. */
export function isAuthenticationFailure(run: ClaudeRunResult): boolean {
  return mentionsLostLogin(run.result?.text) || mentionsLostLogin(run.lastStderrLine);
}
