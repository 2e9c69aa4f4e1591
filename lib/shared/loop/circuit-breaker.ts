import { z } from "zod";
import { MAX_ITERATIONS_CAP, MAX_ITERATIONS_DEFAULT } from "../schemas/contract";

const positiveWhole = (label: string) =>
  z
    .number({ error: `${label} must be a whole number` })
    .int({ error: `${label} must be a whole number` })
    .min(1, { error: `${label} must be at least 1` });

export const CircuitBreakerConfig = z.object({
  /** The contract's `Max iterations`; the default when the contract gives none. */
  maxIterations: positiveWhole("maxIterations").default(MAX_ITERATIONS_DEFAULT),
  /** From the daemon configuration: no contract may run more iterations than this. */
  hardCap: positiveWhole("hardCap").default(MAX_ITERATIONS_CAP),
  /** Open after this many iterations in a row without progress. */
  noProgressLimit: positiveWhole("noProgressLimit").default(3),
  /** Open after the same error this many iterations in a row. */
  sameErrorLimit: positiveWhole("sameErrorLimit").default(5),
});
export type CircuitBreakerConfig = z.infer<typeof CircuitBreakerConfig>;
export type CircuitBreakerConfigInput = z.input<typeof CircuitBreakerConfig>;

/** What the loop driver learned from one finished iteration. `null` means unknown or absent. */
export interface IterationOutcome {
  /** `worktreeFingerprint()` after the iteration; null when it could not be taken. */
  worktreeFingerprint: string | null;
  /** The gate's `progress` text; null without a gate or without the field. */
  gateProgress: string | null;
  /** The gate's first blocker, or the run's error text when claude failed; null when there was none. */
  error: string | null;
}

export type BreakerReason = "max_iterations" | "no_progress" | "same_error";

export type BreakerState =
  | { open: false; iteration: number }
  | { open: true; reason: BreakerReason; message: string; iteration: number };

/** Long errors (a run's stderr) are cut in the breaker's message; the comparison uses the whole text. */
const MESSAGE_ERROR_LENGTH = 300;

/**
 * Decides when the autonomous loop must stop although the gate is not ready. Pure: the driver feeds it
 * one `record()` per finished iteration and asks `canStart()` before starting the next.
 *
 * Rules and how their counters reset:
 * - **max_iterations**: opens when the recorded iteration reaches `effectiveMaxIterations`
 *   (min(maxIterations, hardCap)). Never resets.
 * - **no_progress**: an iteration makes progress when the worktree fingerprint differs from the last known
 *   one (a commit, or a different diff or untracked file) or the gate's progress text differs from the last
 *   reported one (compared trimmed, whitespace-collapsed, case-insensitive). Printing output is not
 *   progress. A null fingerprint or progress text is unknown: it is not progress and does not replace the
 *   last known value (so with a null `initialFingerprint` the first known fingerprint is only a baseline;
 *   likewise the first progress text seen).
 *   The count of iterations in a row without progress resets to 0 on progress; the breaker opens when it
 *   reaches `noProgressLimit`.
 * - **same_error**: the count of iterations in a row with the same normalised error (trimmed,
 *   whitespace-collapsed, lower-cased) restarts at 1 on a different error and at 0 on an iteration without
 *   one; the breaker opens when it reaches `sameErrorLimit`. Digits are kept: "4 tests failing" after
 *   "5 tests failing" is a different error, because a falsely tripped breaker kills a task that was getting
 *   somewhere, while a missed trip is still caught by no_progress or the iteration cap.
 *
 * When several rules open on the same iteration, the most specific reason wins: same_error, then
 * no_progress, then max_iterations.
 *
 * The first iteration is compared with the worktree before the loop started: pass its fingerprint as
 * `initialFingerprint`.
 */
export class CircuitBreaker {
  private readonly config: CircuitBreakerConfig;
  readonly effectiveMaxIterations: number;
  private iteration = 0;
  private lastFingerprint: string | null;
  private lastProgress: string | null = null;
  private withoutProgress = 0;
  private lastError: string | null = null;
  private sameErrorCount = 0;
  private openState: Extract<BreakerState, { open: true }> | null = null;

  /**
   * Throws a ZodError when the configuration is invalid. A loop that goes on after an interruption passes the
   * iterations it finished before (`iterationsDone`): they count against the cap; the other counts start afresh.
   */
  constructor(config: CircuitBreakerConfigInput, initialFingerprint: string | null, iterationsDone = 0) {
    this.config = CircuitBreakerConfig.parse(config);
    this.effectiveMaxIterations = Math.min(this.config.maxIterations, this.config.hardCap);
    this.lastFingerprint = initialFingerprint;
    this.iteration = iterationsDone;
  }

  /** Whether iteration `iteration` (1-based) may start: the breaker is closed and the cap allows it. */
  canStart(iteration: number): boolean {
    return this.openState === null && iteration <= this.effectiveMaxIterations;
  }

  /** Records a finished iteration and returns the breaker's state after it. */
  record(outcome: IterationOutcome): BreakerState {
    if (this.openState) throw new Error(`The circuit breaker is already open (${this.openState.reason})`);
    this.iteration += 1;
    const progressed = this.updateProgress(outcome);
    const error = compareKey(outcome.error);

    this.withoutProgress = progressed ? 0 : this.withoutProgress + 1;
    this.sameErrorCount = error === null ? 0 : error === this.lastError ? this.sameErrorCount + 1 : 1;
    this.lastError = error;

    const { noProgressLimit, sameErrorLimit } = this.config;
    if (this.sameErrorCount >= sameErrorLimit) {
      return this.open(
        "same_error",
        `The same error ${sameErrorLimit} times in a row: ${shorten(collapse(outcome.error))}`,
      );
    }
    if (this.withoutProgress >= noProgressLimit) {
      return this.open("no_progress", `No progress for ${noProgressLimit} iterations in a row`);
    }
    if (this.iteration >= this.effectiveMaxIterations) {
      return this.open("max_iterations", `Reached the iteration limit (${this.effectiveMaxIterations})`);
    }
    return { open: false, iteration: this.iteration };
  }

  /** Compares with the last known fingerprint and progress text, then makes the known new values the baseline. */
  private updateProgress(outcome: IterationOutcome): boolean {
    const fingerprint = outcome.worktreeFingerprint;
    const progress = compareKey(outcome.gateProgress);
    const worktreeChanged =
      fingerprint !== null && this.lastFingerprint !== null && fingerprint !== this.lastFingerprint;
    // A change needs something to change from: the first progress text seen only sets the baseline.
    const progressChanged = progress !== null && this.lastProgress !== null && progress !== this.lastProgress;
    if (fingerprint !== null) this.lastFingerprint = fingerprint;
    if (progress !== null) this.lastProgress = progress;
    return worktreeChanged || progressChanged;
  }

  private open(reason: BreakerReason, message: string): BreakerState {
    this.openState = { open: true, reason, message, iteration: this.iteration };
    return this.openState;
  }
}

/** Trimmed and whitespace collapsed, so a multi-line error reads as one line. */
function collapse(text: string | null): string {
  return (text ?? "").trim().replace(/\s+/g, " ");
}

/** What texts are compared by: collapsed and lower-cased; empty text counts as none. */
function compareKey(text: string | null): string | null {
  return collapse(text).toLowerCase() || null;
}

function shorten(text: string): string {
  return text.length > MESSAGE_ERROR_LENGTH ? `${text.slice(0, MESSAGE_ERROR_LENGTH)}…` : text;
}
