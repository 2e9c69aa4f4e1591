import { Backoff, type BackoffPolicy } from "../../lib/shared/retry/backoff";
import type { ClaudeRunArgs } from "../claude/args";
import type { NumberedClaudeLine } from "../claude/line-pipeline";
import type { ClaudeRunResult } from "./claude-run";

export type ClaudeRun = (
  options: ClaudeRunArgs,
  prompt: string,
  onLine?: (line: NumberedClaudeLine) => void,
) => Promise<ClaudeRunResult>;

/** claude retries a request itself for a while (its `api_retry` notices); after it gives up: 30 s, 1 min, 2 min. */
export const API_FAILURE_BACKOFF: BackoffPolicy = { initialMs: 30_000, factor: 2, maxMs: 120_000 };
export const API_FAILURE_RETRIES = 3;

export const API_RETRY_PROMPT =
  "Your last request to the API failed (it was overloaded or had a server error) and has been retried. Go on with " +
  "the task where you stopped.";

export interface ApiRetryDeps {
  /** Waits; resolves early (false) when the task is stopped meanwhile. */
  sleep(ms: number): Promise<boolean>;
  notice(text: string): void;
  stopRequested(): boolean;
  policy?: BackoffPolicy;
  retries?: number;
}

/**
 * claude with another try after the API failed for a transient reason (overloaded, a server error): the same
 * conversation resumed after a backoff wait, a notice in the output each time. A usage limit is not retried here (the
 * task waits for its reset), nor anything else: those are claude's or the task's errors.
 */
export function withApiRetries(claudeRun: ClaudeRun, deps: ApiRetryDeps): ClaudeRun {
  const retries = deps.retries ?? API_FAILURE_RETRIES;
  return async (options, prompt, onLine) => {
    const backoff = new Backoff(deps.policy ?? API_FAILURE_BACKOFF);
    let run = await claudeRun(options, prompt, onLine);
    while (run.apiFailure && !run.usageLimit && !deps.stopRequested() && backoff.attempts < retries) {
      const waitMs = backoff.next();
      deps.notice(
        `Claude's API failed (${run.apiFailure}): trying again in ${Math.round(waitMs / 1000)} s (retry ${backoff.attempts} of ${retries})`,
      );
      if (!(await deps.sleep(waitMs))) break;
      const sessionId = run.sessionId ?? options.resumeSessionId;
      run = await claudeRun(
        { ...options, resumeSessionId: sessionId, continueConversation: !sessionId },
        API_RETRY_PROMPT,
        onLine,
      );
    }
    return run;
  };
}
