import { CircuitBreaker } from "../../lib/shared/loop/circuit-breaker";
import { CompletionGate } from "../../lib/shared/loop/completion-gate";
import { continuationPrompt } from "../../lib/shared/loop/system-prompt";
import type { LoopEvent } from "../../lib/shared/protocol/loop-events";
import type { ClaudeRunResult } from "../tasks/claude-run";
import { outcomeOfRun, RunTotals, type TaskOutcome } from "../tasks/task-outcome";
import { isAuthenticationFailure } from "./auth-failure";

/** One claude run on the task's conversation, with the assistant text it printed. */
export interface IterationRun {
  run: ClaudeRunResult;
  text: string;
}

export interface LoopDriverDeps {
  /** Runs claude once: the plan first, then continuation prompts on the same conversation. */
  runIteration(input: {
    prompt: string;
    resumeSessionId: string | null;
    continueConversation: boolean;
  }): Promise<IterationRun>;
  /** The worktree's state (commit, diff, untracked files); null when it cannot be read. */
  fingerprint(): Promise<string | null>;
  /** Writes a loop event into the task's output. */
  emit(event: LoopEvent): void;
  /** Tells the server which iteration is running. */
  iterationStarted(iteration: number): Promise<void>;
  stopRequested(): boolean;
}

export interface LoopSettings {
  plan: string;
  /**
   * Where a loop that goes on after an interruption starts: at `iteration` (the one cut short, or the next after an
   * iteration limit raised), with `prompt` in place of the plan or the continuation prompt, on the conversation
   * `sessionId` (null: a new one).
   */
  start?: { iteration: number; prompt: string; sessionId: string | null };
  /** The contract's `Max iterations`. */
  maxIterations: number;
  /** The daemon's ceiling on any contract's setting. */
  hardCap: number;
}

/**
 * The autonomous loop: iteration 1 runs the plan; while the completion gate is not ready and the circuit
 * breaker stays closed, claude runs again on the same conversation (`--resume <session id>`, or
 * `--continue` when no session id was seen) with a continuation prompt. A failed run is an iteration with
 * that error, except a lost login, which ends the loop at once. A usage limit spends no iteration: the loop ends
 * waiting for it, and goes on at the same iteration once it has reset (`settings.start`).
 */
export async function runLoop(settings: LoopSettings, deps: LoopDriverDeps): Promise<TaskOutcome> {
  const first = Math.max(1, settings.start?.iteration ?? 1);
  const breaker = new CircuitBreaker(
    { maxIterations: settings.maxIterations, hardCap: settings.hardCap },
    await deps.fingerprint(),
    first - 1,
  );
  const max = breaker.effectiveMaxIterations;
  const totals = new RunTotals();
  let sessionId: string | null = settings.start?.sessionId ?? null;
  let lastGate: CompletionGate | null = null;

  for (let iteration = first; ; iteration++) {
    deps.emit({ type: "loop.iteration", n: iteration, max });
    await deps.iterationStarted(iteration);
    const isFirst = iteration === first;
    const { run, text } = await deps.runIteration({
      prompt: isFirst ? (settings.start?.prompt ?? settings.plan) : continuationPrompt(iteration, max, lastGate),
      resumeSessionId: isFirst && !settings.start ? null : sessionId,
      continueConversation: !isFirst && sessionId === null,
    });
    sessionId = run.sessionId ?? sessionId;
    totals.add(run);
    const outcome = outcomeOfRun(run, deps.stopRequested());
    if (outcome.status === "interrupted") return totals.finish(outcome);
    if (outcome.status === "waiting_for_usage_limit") return totals.finish({ ...outcome, iteration });
    if (!outcome.success && isAuthenticationFailure(run)) {
      deps.emit({ type: "loop.done", iterations: iteration, reason: `Stopped: ${outcome.error}` });
      return totals.finish(outcome);
    }

    const gate = CompletionGate.parseLast(text);
    if (gate) {
      const { ready, reason, progress, blockers } = gate;
      deps.emit({ type: "loop.gate", iteration, ready, reason, progress, blockers });
    }
    if (outcome.success && gate?.ready) {
      deps.emit({ type: "loop.done", iterations: iteration, reason: gate.reason ?? "The completion gate says ready" });
      return totals.finish({ ...outcome, status: "completed", success: true, error: null });
    }

    const state = breaker.record({
      worktreeFingerprint: await deps.fingerprint(),
      gateProgress: gate?.progress ?? null,
      error: outcome.success ? (gate?.blockers[0] ?? null) : outcome.error,
    });
    if (state.open) {
      deps.emit({ type: "loop.breaker", reason: state.message, iteration });
      deps.emit({ type: "loop.done", iterations: iteration, reason: state.message });
      const status = state.reason === "max_iterations" ? "iteration_limit_reached" : "failed";
      return totals.finish({ ...outcome, success: false, status, error: state.message });
    }
    lastGate = gate;
  }
}
