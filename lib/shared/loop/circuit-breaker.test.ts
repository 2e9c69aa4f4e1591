import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import {
  CircuitBreaker,
  type BreakerState,
  type CircuitBreakerConfigInput,
  type IterationOutcome,
} from "./circuit-breaker";

const BEFORE = "fp-before-loop";

/**
 * A breaker plus two ways to record an iteration: `changed` makes a new worktree fingerprint, `unchanged`
 * repeats the last one (the one before the loop at first). Both take overrides for the other fields.
 */
function setup(config: CircuitBreakerConfigInput = {}, initialFingerprint: string | null = BEFORE) {
  const breaker = new CircuitBreaker(config, initialFingerprint);
  let worktree = initialFingerprint ?? "fp-0";
  let changes = 0;
  const record = (over: Partial<IterationOutcome>) =>
    breaker.record({ worktreeFingerprint: worktree, gateProgress: null, error: null, ...over });
  return {
    breaker,
    record,
    changed: (over: Partial<IterationOutcome> = {}) =>
      record({ worktreeFingerprint: (worktree = `fp-${++changes}`), ...over }),
    unchanged: (over: Partial<IterationOutcome> = {}) => record(over),
  };
}

const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));
const allClosed = (states: BreakerState[]) => states.every((s) => !s.open);

describe("iteration cap", () => {
  it.each([
    [{}, 10],
    [{ maxIterations: 3 }, 3],
    [{ maxIterations: 80 }, 50],
    [{ maxIterations: 30, hardCap: 20 }, 20],
    [{ hardCap: 5 }, 5],
    [{ hardCap: 20 }, 10],
  ])("config %j allows %i iterations", (config, max) => {
    expect(setup(config).breaker.effectiveMaxIterations).toBe(max);
  });

  it.each([
    [{}, 10],
    [{ maxIterations: 3 }, 3],
    [{ maxIterations: 80 }, 50],
  ])("with %j it opens at iteration %i even while making progress", (config, max) => {
    const { changed } = setup(config);
    const states = times(max, () => changed());
    expect(allClosed(states.slice(0, -1))).toBe(true);
    expect(states.at(-1)).toEqual({
      open: true,
      reason: "max_iterations",
      message: `Reached the iteration limit (${max})`,
      iteration: max,
    });
  });

  it("canStart allows iterations up to the cap and none after it", () => {
    const { breaker } = setup({ maxIterations: 3 });
    expect(breaker.canStart(1)).toBe(true);
    expect(breaker.canStart(3)).toBe(true);
    expect(breaker.canStart(4)).toBe(false);
  });

  it("canStart is false once the breaker opened for another reason below the cap", () => {
    const { breaker, unchanged } = setup();
    times(3, () => unchanged());
    expect(breaker.canStart(4)).toBe(false);
  });

  it("reports the iteration count while closed", () => {
    const { changed } = setup();
    expect([changed(), changed()]).toEqual([
      { open: false, iteration: 1 },
      { open: false, iteration: 2 },
    ]);
  });

  it("refuses to record after it opened", () => {
    const { changed } = setup({ maxIterations: 1 });
    expect(changed().open).toBe(true);
    expect(() => changed()).toThrow(/already open \(max_iterations\)/);
  });
});

describe("no progress", () => {
  it("opens after 3 iterations in a row that change neither the worktree nor the progress text", () => {
    const { unchanged } = setup();
    const states = times(3, () => unchanged());
    expect(allClosed(states.slice(0, 2))).toBe(true);
    expect(states[2]).toEqual({
      open: true,
      reason: "no_progress",
      message: "No progress for 3 iterations in a row",
      iteration: 3,
    });
  });

  it("compares the first iteration with the worktree before the loop", () => {
    const { record } = setup({}, "before");
    expect(record({ worktreeFingerprint: "after" })).toEqual({ open: false, iteration: 1 });
    record({ worktreeFingerprint: "after" });
    record({ worktreeFingerprint: "after" });
    expect(record({ worktreeFingerprint: "after" })).toMatchObject({ open: true, reason: "no_progress", iteration: 4 });
  });

  it("a worktree change resets the count", () => {
    const { changed, unchanged } = setup();
    expect(allClosed([unchanged(), unchanged(), changed(), unchanged(), unchanged()])).toBe(true);
    expect(unchanged()).toMatchObject({ open: true, reason: "no_progress", iteration: 6 });
  });

  it("going back to an earlier worktree is a change too", () => {
    const { record } = setup();
    expect(allClosed(["a", "b", "a", "b", "a"].map((fp) => record({ worktreeFingerprint: fp })))).toBe(true);
  });

  it("a changed gate progress text resets the count", () => {
    const { unchanged } = setup();
    const texts = ["read the code", "wrote a test", "fixed the bug", "ran the suite", "cleaned up"];
    expect(allClosed(texts.map((gateProgress) => unchanged({ gateProgress })))).toBe(true);
    expect(allClosed(times(2, () => unchanged({ gateProgress: "cleaned up" })))).toBe(true);
    expect(unchanged({ gateProgress: "cleaned up" })).toMatchObject({
      open: true,
      reason: "no_progress",
      iteration: 8,
    });
  });

  it("the same progress text in other whitespace or case is not progress", () => {
    const { unchanged } = setup();
    const texts = ["Wrote the tests", "  wrote   the TESTS\n", "WROTE THE TESTS"];
    const states = texts.map((gateProgress) => unchanged({ gateProgress }));
    expect(states.map((s) => s.open)).toEqual([false, false, true]);
    expect(states[2]).toMatchObject({ reason: "no_progress", iteration: 3 });
  });

  it("the first progress text is a baseline, not progress", () => {
    const { unchanged } = setup();
    const states = ["Nothing changed", "Nothing changed", "Nothing changed"].map((gateProgress) =>
      unchanged({ gateProgress }),
    );
    expect(states.map((s) => s.open)).toEqual([false, false, true]);
  });

  it("an unknown fingerprint or missing progress text is not progress and keeps the last known value", () => {
    const { record } = setup();
    const states = [
      record({ worktreeFingerprint: "changed", gateProgress: "step one" }),
      record({ worktreeFingerprint: null, gateProgress: null }),
      record({ worktreeFingerprint: "changed", gateProgress: "  " }),
      record({ worktreeFingerprint: "changed", gateProgress: "Step one" }),
    ];
    expect(states.map((s) => s.open)).toEqual([false, false, false, true]);
  });

  it("with an unknown fingerprint before the loop, the first known one is only the baseline", () => {
    const { unchanged } = setup({}, null);
    expect(times(3, () => unchanged()).at(-1)).toMatchObject({ open: true, reason: "no_progress" });
  });

  it("changing errors are not progress", () => {
    const { unchanged } = setup();
    const states = ["one", "two", "three"].map((error) => unchanged({ error }));
    expect(states.at(-1)).toMatchObject({ open: true, reason: "no_progress", iteration: 3 });
  });

  it("takes its limit from the configuration", () => {
    const { unchanged } = setup({ noProgressLimit: 1 });
    expect(unchanged()).toMatchObject({ open: true, message: "No progress for 1 iterations in a row" });
  });
});

describe("same error", () => {
  it("opens after the same error 5 times in a row, naming the error", () => {
    const { changed } = setup();
    const states = times(5, () => changed({ error: "npm test: 2 tests failing" }));
    expect(allClosed(states.slice(0, 4))).toBe(true);
    expect(states[4]).toEqual({
      open: true,
      reason: "same_error",
      message: "The same error 5 times in a row: npm test: 2 tests failing",
      iteration: 5,
    });
  });

  it("stays closed while different errors alternate", () => {
    const { changed } = setup({ maxIterations: 20 });
    expect(allClosed(times(12, (i) => changed({ error: i % 2 ? "type error" : "lint error" })))).toBe(true);
  });

  it("counts whitespace and case variants as the same error", () => {
    const { changed } = setup();
    const states = ["Tests fail", "  tests   FAIL\n", "TESTS FAIL", "tests\tfail", "tests fail"].map((error) =>
      changed({ error }),
    );
    expect(states.at(-1)).toMatchObject({
      open: true,
      reason: "same_error",
      message: "The same error 5 times in a row: tests fail",
    });
  });

  it("keeps punctuation and digits: a shrinking failure count is not the same error", () => {
    const { changed } = setup();
    const errors = ["5 tests failing", "4 tests failing", "3 tests failing", "3 tests failing.", "3 tests failing!"];
    expect(allClosed(errors.map((error) => changed({ error })))).toBe(true);
  });

  it.each([
    ["no error", null],
    ["an empty error", "  \n "],
    ["a different error", "something else"],
  ])("%s in between restarts the count", (_, between) => {
    const { changed } = setup({ maxIterations: 20 });
    const fourFailures = () => times(4, () => changed({ error: "build failed" }));
    expect(allClosed([...fourFailures(), changed({ error: between }), ...fourFailures()])).toBe(true);
    expect(changed({ error: "build failed" })).toMatchObject({ open: true, reason: "same_error", iteration: 10 });
  });

  it("shows a long multi-line error on one line, shortened", () => {
    const { changed } = setup({ sameErrorLimit: 1 });
    const state = changed({ error: `Error: boom\n    at line one\n${"x".repeat(1000)}` });
    if (!state.open) throw new Error("expected the breaker to open");
    expect(state.message).toMatch(/^The same error 1 times in a row: Error: boom at line one x+…$/);
    expect(state.message.length).toBeLessThan(400);
  });
});

describe("several rules on the same iteration", () => {
  it("report the same error before no progress", () => {
    const { unchanged } = setup({ sameErrorLimit: 3 });
    expect(times(3, () => unchanged({ error: "e" })).at(-1)).toMatchObject({ reason: "same_error" });
  });

  it("report no progress before the iteration limit", () => {
    const { unchanged } = setup({ maxIterations: 3 });
    expect(times(3, () => unchanged()).at(-1)).toMatchObject({ reason: "no_progress", iteration: 3 });
  });
});

describe("configuration", () => {
  it.each([
    [{ maxIterations: 0 }, "maxIterations must be at least 1"],
    [{ maxIterations: 2.5 }, "maxIterations must be a whole number"],
    [{ maxIterations: "10" }, "maxIterations must be a whole number"],
    [{ hardCap: -1 }, "hardCap must be at least 1"],
    [{ noProgressLimit: 0 }, "noProgressLimit must be at least 1"],
    [{ sameErrorLimit: null }, "sameErrorLimit must be a whole number"],
  ])("rejects %j", (config, message) => {
    const attempt = () => new CircuitBreaker(config as CircuitBreakerConfigInput, BEFORE);
    expect(attempt).toThrow(ZodError);
    expect(attempt).toThrow(message);
  });
});
