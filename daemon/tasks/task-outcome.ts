import type { DaemonMessageOf } from "../../lib/shared/protocol/daemon";
import type { ClaudeRunResult } from "./claude-run";

export type TaskOutcome = Omit<DaemonMessageOf<"taskComplete">, "type" | "taskId">;

/**
 * How a finished claude run ends the task. A run succeeds only when claude exited 0 after a `result`
 * line that is not an error (a failed run can report subtype "success" with `is_error: true`). A run that failed
 * on the subscription's usage limit is no failure: the task waits for the limit to reset.
 */
export function outcomeOfRun(run: ClaudeRunResult, stopRequested: boolean): TaskOutcome {
  const outcome = outcomeOfExit(run, stopRequested);
  if (outcome.success || outcome.status === "interrupted" || !run.usageLimit) return outcome;
  return {
    ...outcome,
    status: "waiting_for_usage_limit",
    error: "Usage limit reached",
    resetsAt: run.usageLimit.resetsAt?.toISOString(),
  };
}

function outcomeOfExit(run: ClaudeRunResult, stopRequested: boolean): TaskOutcome {
  const { exit, result } = run;
  const totals = {
    exitCode: exit.exitCode,
    costUsd: result?.costUsd ?? undefined,
    numTurns: result?.numTurns ?? undefined,
    durationMs: result?.durationMs ?? undefined,
    // claude's own `usage.input_tokens` and `output_tokens`: the prompt cache's reads and writes are counted apart
    // (the result card shows them), not added to the input.
    inputTokens: result?.usage?.inputTokens ?? undefined,
    outputTokens: result?.usage?.outputTokens ?? undefined,
    claudeSessionId: run.sessionId ?? undefined,
  };
  const failed = (error: string): TaskOutcome => ({ ...totals, success: false, status: "failed", error });

  // Stopped for its silence, the run can be resumed like one a person stopped.
  if (run.idleStopped) return { ...totals, success: false, status: "interrupted", error: run.idleStopped };
  if (stopRequested) return { ...totals, success: false, status: "interrupted", error: "Stopped by user" };
  if (exit.spawnError) return failed(exit.spawnError);
  if (result?.isError) return failed(result.text || `Claude reported an error (${result.subtype})`);
  if (exit.exitCode !== 0) {
    const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.exitCode}`;
    return failed(`claude ${how}${run.lastStderrLine ? `: ${run.lastStderrLine}` : ""}`);
  }
  if (!result) return failed("claude exited without reporting a result");
  return { ...totals, success: true, status: "completed", error: null };
}

export function setupFailure(error: unknown): TaskOutcome {
  return {
    success: false,
    status: "failed",
    error: error instanceof Error ? error.message : String(error),
    exitCode: null,
  };
}

/**
 * A task of several claude runs (the autonomous loop, a supervisor): cost, turns, time and tokens add up; the session
 * is the last one seen. The tokens stay unknown (undefined) until a run reports its usage.
 */
export class RunTotals {
  private costUsd = 0;
  private numTurns = 0;
  private durationMs = 0;
  private inputTokens: number | undefined;
  private outputTokens: number | undefined;
  private sessionId: string | undefined;

  add(run: ClaudeRunResult): void {
    this.costUsd += run.result?.costUsd ?? 0;
    this.numTurns += run.result?.numTurns ?? 0;
    this.durationMs += run.result?.durationMs ?? 0;
    const usage = run.result?.usage;
    if (usage) {
      this.inputTokens = (this.inputTokens ?? 0) + usage.inputTokens;
      this.outputTokens = (this.outputTokens ?? 0) + usage.outputTokens;
    }
    this.sessionId = run.sessionId ?? this.sessionId;
  }

  /** The session to resume; null when no run has reported one. */
  get claudeSessionId(): string | null {
    return this.sessionId ?? null;
  }

  finish(outcome: TaskOutcome): TaskOutcome {
    return {
      ...outcome,
      costUsd: this.costUsd,
      numTurns: this.numTurns,
      durationMs: this.durationMs,
      inputTokens: this.inputTokens,
      outputTokens: this.outputTokens,
      claudeSessionId: this.sessionId,
    };
  }
}
