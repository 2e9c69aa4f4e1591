import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Backoff, RetryTimer, backoffDelay, later } from "./backoff";

describe("backoffDelay", () => {
  it("waits initialMs every time by default", () => {
    expect([0, 1, 5].map((attempt) => backoffDelay({ initialMs: 1000 }, attempt))).toEqual([1000, 1000, 1000]);
  });

  it("multiplies by factor up to maxMs", () => {
    const policy = { initialMs: 2_000, factor: 2, maxMs: 10_000 };
    expect([0, 1, 2, 3, 4, 50, 2000].map((attempt) => backoffDelay(policy, attempt))).toEqual([
      2_000, 4_000, 8_000, 10_000, 10_000, 10_000, 10_000,
    ]);
  });

  it("moves each wait by up to jitter of itself, either way, before the cap", () => {
    const policy = { initialMs: 500, factor: 2, maxMs: 10_000, jitter: 0.5 };
    expect(backoffDelay(policy, 0, () => 0)).toBe(250);
    expect(backoffDelay(policy, 0, () => 0.5)).toBe(500);
    expect(backoffDelay(policy, 1, () => 0.75)).toBe(1_250);
    expect(backoffDelay(policy, 10, () => 0)).toBe(10_000);
    expect(backoffDelay(policy, 4, () => 0.999)).toBe(10_000);
  });
});

describe("Backoff", () => {
  it("counts its retries and starts again after reset", () => {
    const backoff = new Backoff({ initialMs: 100, factor: 2, maxMs: 30_000 });
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([100, 200, 400]);
    expect(backoff.attempts).toBe(3);
    backoff.reset();
    expect(backoff.attempts).toBe(0);
    expect(backoff.next()).toBe(100);
  });

  it("draws jitter from the random source it is given", () => {
    const draws = [0, 1 - Number.EPSILON, 0.5];
    const backoff = new Backoff({ initialMs: 1000, jitter: 0.2 }, () => draws.shift()!);
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([800, 1200, 1000]);
  });
});

describe("timers", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("later runs once after the wait, unless cancelled", () => {
    const run = vi.fn();
    later(1000, run, { unref: true });
    const cancel = later(1000, run);
    cancel();
    vi.advanceTimersByTime(999);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10_000);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it("RetryTimer keeps one retry waiting, each later than the last, until reset", () => {
    const retry = new RetryTimer({ initialMs: 2_000, factor: 2, maxMs: 5_000 }, { unref: true });
    const runs: number[] = [];
    const run = () => runs.push(Date.now());
    const start = Date.now();

    expect(retry.schedule(run)).toBe(2_000);
    expect(retry.schedule(run)).toBe(4_000); // replaces the first
    vi.advanceTimersByTime(3_999);
    expect(runs).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(runs).toEqual([start + 4_000]);

    expect(retry.schedule(run)).toBe(5_000);
    retry.cancel();
    vi.advanceTimersByTime(10_000);
    expect(runs).toHaveLength(1);
    expect(retry.attempts).toBe(3);

    expect(retry.schedule(run)).toBe(5_000);
    retry.reset(); // the waiting retry stays
    vi.advanceTimersByTime(5_000);
    expect(runs).toHaveLength(2);
    expect(retry.schedule(run)).toBe(2_000);
  });

  it("RetryTimer.cancel after its retry ran clears nothing else", () => {
    const retry = new RetryTimer({ initialMs: 100 });
    const run = vi.fn(() => void retry.schedule(run));
    retry.schedule(run);
    vi.advanceTimersByTime(100);
    expect(run).toHaveBeenCalledTimes(1);
    retry.cancel(); // drops the retry the run scheduled
    vi.advanceTimersByTime(1_000);
    expect(run).toHaveBeenCalledTimes(1);
  });
});
