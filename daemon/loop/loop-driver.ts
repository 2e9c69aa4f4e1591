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
  /** The contract's `Max iterations`. */
  maxIterations: number;
  /** The daemon's ceiling on any contract's setting. */
  hardCap: number;
}

/**
 * The autonomous loop: iteration 1 runs the plan; while the completion gate is not ready and the circuit
 * breaker stays closed, claude runs again on the same conversation (`--resume <session id>`, or
 * `--continue` when no session id was seen) with a continuation prompt. A failed run is an iteration with
 * that error, except a lost login, which ends the loop at once.
 */
export async function runLoop(settings: LoopSettings, deps: LoopDriverDeps): Promise<TaskOutcome> {
  const breaker = new CircuitBreaker(
    { maxIterations: settings.maxIterations, hardCap: settings.hardCap },
    await deps.fingerprint(),
  );
  const max = breaker.effectiveMaxIterations;
  const totals = new RunTotals();
  let sessionId: string | null = null;
  let lastGate: CompletionGate | null = null;

  for (let iteration = 1; ; iteration++) {
    deps.emit({ type: "loop.iteration", n: iteration, max });
    await deps.iterationStarted(iteration);
    const { run, text } = await deps.runIteration({
      prompt: iteration === 1 ? settings.plan : continuationPrompt(iteration, max, lastGate),
      resumeSessionId: iteration === 1 ? null : sessionId,
      continueConversation: iteration > 1 && sessionId === null,
    });
    sessionId = run.sessionId ?? sessionId;
    totals.add(run);
    const outcome = outcomeOfRun(run, deps.stopRequested());
    if (outcome.status === "interrupted") return totals.finish(outcome);
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
