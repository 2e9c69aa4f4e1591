/**
 * The one retry and backoff helper, shared by the browser, the server and the daemon. Pure but for the global
 * timer functions every runtime has: no Node or DOM API. Each caller names its policy beside the code it retries.
 */

/** How long to wait before each retry. `{ initialMs: 1000 }` alone waits one second every time. */
export interface BackoffPolicy {
  /** The wait before the first retry, in milliseconds. */
  initialMs: number;
  /** What each further retry multiplies the wait by: 1 (the default) keeps it fixed. */
  factor?: number;
  /** The longest wait (no limit by default). */
  maxMs?: number;
  /** 0 to 1: each wait is moved at random by up to this share of itself, either way (none by default). */
  jitter?: number;
}

/** A number in [0, 1), as `Math.random` gives. */
export type RandomSource = () => number;

/** The wait before retry number `attempt` (0 for the first): `initialMs · factor^attempt`, jittered, then capped. */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: RandomSource = Math.random): number {
  const { initialMs, factor = 1, maxMs = Infinity, jitter = 0 } = policy;
  let ms = initialMs * factor ** attempt;
  if (jitter > 0) ms = Math.round(ms * (1 + jitter * (2 * random() - 1)));
  return Math.min(ms, maxMs);
}

/** Counts the retries of one operation: each `next()` is a longer wait, until `reset()` after a success. */
export class Backoff {
  private attempt = 0;

  constructor(
    readonly policy: BackoffPolicy,
    private readonly random: RandomSource = Math.random,
  ) {}

  /** The retries counted since the last reset. */
  get attempts(): number {
    return this.attempt;
  }

  /** The wait before the next retry, which it counts. */
  next(): number {
    return backoffDelay(this.policy, this.attempt++, this.random);
  }

  /** The next retry waits `initialMs` again. */
  reset(): void {
    this.attempt = 0;
  }
}

export interface TimerOptions {
  /** Do not keep a Node process alive for this timer (a no-op in the browser). */
  unref?: boolean;
}

/** Runs `run` once after `delayMs`; returns what cancels it. */
export function later(delayMs: number, run: () => void, options: TimerOptions = {}): () => void {
  const timer = setTimeout(run, delayMs);
  if (options.unref) (timer as { unref?: () => void }).unref?.();
  return () => clearTimeout(timer);
}

/**
 * One operation's pending retry: `schedule` replaces any retry still waiting with one after the next backoff
 * wait. `cancel` drops the waiting retry and keeps the count; `reset` restarts the count and leaves it waiting.
 */
export class RetryTimer {
  private readonly backoff: Backoff;
  private cancelPending?: () => void;

  constructor(
    policy: BackoffPolicy,
    private readonly options: TimerOptions & { random?: RandomSource } = {},
  ) {
    this.backoff = new Backoff(policy, options.random);
  }

  /** The retries scheduled since the last reset. */
  get attempts(): number {
    return this.backoff.attempts;
  }

  /** Runs `run` after the next wait, instead of any retry still waiting; returns the wait. */
  schedule(run: () => void): number {
    this.cancel();
    const delayMs = this.backoff.next();
    const cancel = later(
      delayMs,
      () => {
        if (this.cancelPending === cancel) this.cancelPending = undefined;
        run();
      },
      this.options,
    );
    this.cancelPending = cancel;
    return delayMs;
  }

  cancel(): void {
    this.cancelPending?.();
    this.cancelPending = undefined;
  }

  reset(): void {
    this.backoff.reset();
  }
}
