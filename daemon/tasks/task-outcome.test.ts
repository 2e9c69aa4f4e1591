import { describe, expect, it } from "vitest";
import type { ClaudeRunResult } from "./claude-run";
import { claudeResult, claudeRun } from "./test-fixtures";
import { outcomeOfRun, RunTotals, setupFailure } from "./task-outcome";
import { TaskSetupError } from "./task-setup-error";

const result = (overrides: Partial<NonNullable<ClaudeRunResult["result"]>> = {}) =>
  claudeResult({ seq: 9, text: "All done", numTurns: 3, durationMs: 1200, costUsd: 0.05, ...overrides });

const run = (overrides: Partial<ClaudeRunResult> = {}): ClaudeRunResult =>
  claudeRun({ result: result(), ...overrides });

describe("outcomeOfRun", () => {
  it("waits for a usage limit that failed the run, with its reset time; a stop still interrupts", () => {
    const limited = run({
      exit: { exitCode: 1, signal: null },
      result: result({ isError: true, text: "Claude AI usage limit reached|1796000000" }),
      usageLimit: { resetsAt: new Date(1_796_000_000_000), limitType: null },
    });
    expect(outcomeOfRun(limited, false)).toMatchObject({
      success: false,
      status: "waiting_for_usage_limit",
      error: "Usage limit reached",
      resetsAt: "2026-11-30T00:53:20.000Z",
      claudeSessionId: "s-1",
    });
    expect(outcomeOfRun({ ...limited, usageLimit: { resetsAt: null, limitType: null } }, false)).toMatchObject({
      status: "waiting_for_usage_limit",
      resetsAt: undefined,
    });
    expect(outcomeOfRun(limited, true).status).toBe("interrupted");
  });

  it("interrupts a run the idle watchdog stopped, with its error and session, whatever else it shows", () => {
    const error = "No output for 40 min";
    const killed = run({ exit: { exitCode: null, signal: "SIGTERM" }, result: null, idleStopped: error });
    const interrupted = { success: false, status: "interrupted", error, claudeSessionId: "s-1" };
    expect(outcomeOfRun(killed, false)).toMatchObject(interrupted);
    expect(outcomeOfRun(killed, true)).toMatchObject(interrupted);
    expect(outcomeOfRun({ ...killed, usageLimit: { resetsAt: null, limitType: null } }, false)).toMatchObject(
      interrupted,
    );
  });

  it("ignores a usage-limit sign in a run that succeeded anyway", () => {
    const outcome = outcomeOfRun(run({ usageLimit: { resetsAt: null, limitType: null } }), false);
    expect(outcome.status).toBe("completed");
  });

  it("completes a clean run and carries its totals", () => {
    expect(outcomeOfRun(run(), false)).toEqual({
      success: true,
      status: "completed",
      error: null,
      exitCode: 0,
      costUsd: 0.05,
      numTurns: 3,
      durationMs: 1200,
      claudeSessionId: "s-1",
    });
  });

  it("carries claude's input and output tokens, without the cache's", () => {
    const usage = {
      inputTokens: 16,
      outputTokens: 956,
      cacheCreationInputTokens: 11_907,
      cacheReadInputTokens: 58_826,
    };
    expect(outcomeOfRun(run({ result: result({ usage }) }), false)).toMatchObject({
      inputTokens: 16,
      outputTokens: 956,
    });
    const failed = outcomeOfRun(run({ exit: { exitCode: 1, signal: null }, result: result({ usage }) }), false);
    expect(failed).toMatchObject({ status: "failed", inputTokens: 16, outputTokens: 956 });
    expect(outcomeOfRun(run(), false).inputTokens).toBeUndefined();
  });

  it("fails a run whose result is an error even when its subtype says success", () => {
    const outcome = outcomeOfRun(
      run({ result: result({ isError: true, text: "Not logged in · Please run /login" }) }),
      false,
    );
    expect(outcome).toMatchObject({ success: false, status: "failed", error: "Not logged in · Please run /login" });
  });

  it("names the subtype when an error result has no text", () => {
    expect(
      outcomeOfRun(run({ result: result({ isError: true, text: "", subtype: "error_max_turns" }) }), false).error,
    ).toBe("Claude reported an error (error_max_turns)");
  });

  it("fails a non-zero exit with the code and the last stderr line", () => {
    const outcome = outcomeOfRun(
      run({ exit: { exitCode: 2, signal: null }, result: null, lastStderrLine: "boom" }),
      false,
    );
    expect(outcome).toMatchObject({ status: "failed", error: "claude exited with code 2: boom", exitCode: 2 });
  });

  it("fails a run killed by a signal", () => {
    expect(outcomeOfRun(run({ exit: { exitCode: null, signal: "SIGKILL" }, result: null }), false).error).toBe(
      "claude was killed by SIGKILL",
    );
  });

  it("fails a clean exit without a result line", () => {
    expect(outcomeOfRun(run({ result: null }), false).error).toBe("claude exited without reporting a result");
  });

  it("reports a command that could not start", () => {
    const spawnError = 'Failed to start claude command "nope": spawn nope ENOENT';
    expect(outcomeOfRun(run({ exit: { exitCode: null, signal: null, spawnError }, result: null }), false).error).toBe(
      spawnError,
    );
  });

  it("ends a stopped run as interrupted, whatever its exit", () => {
    expect(outcomeOfRun(run({ exit: { exitCode: null, signal: "SIGTERM" }, result: null }), true)).toMatchObject({
      status: "interrupted",
      error: "Stopped by user",
    });
  });
});

describe("setupFailure", () => {
  it("fails with the set-up error's message", () => {
    expect(setupFailure(new TaskSetupError("Not a git repository: /tmp/x"))).toEqual({
      success: false,
      status: "failed",
      error: "Not a git repository: /tmp/x",
      exitCode: null,
    });
  });
});

describe("RunTotals", () => {
  it("adds up the tokens of the runs that report them; unknown until one does", () => {
    const usage = (inputTokens: number, outputTokens: number) => ({
      inputTokens,
      outputTokens,
      cacheCreationInputTokens: 1000,
      cacheReadInputTokens: 1000,
    });
    const totals = new RunTotals();
    totals.add(run());
    expect(totals.finish(outcomeOfRun(run(), false))).toMatchObject({
      inputTokens: undefined,
      outputTokens: undefined,
    });
    totals.add(run({ result: result({ usage: usage(10, 200) }) }));
    totals.add(run({ result: null }));
    totals.add(run({ result: result({ usage: usage(5, 50) }) }));
    expect(totals.finish(setupFailure(new Error("x")))).toMatchObject({ inputTokens: 15, outputTokens: 250 });
  });

  it("adds up cost, turns and time over the runs and keeps the last session seen", () => {
    const totals = new RunTotals();
    expect(totals.claudeSessionId).toBeNull();
    totals.add(run({ sessionId: "s-1" }));
    totals.add(run({ sessionId: null, result: null }));
    totals.add(run({ sessionId: "s-2", result: result({ costUsd: 0.5, numTurns: 1, durationMs: 300 }) }));
    expect(totals.claudeSessionId).toBe("s-2");
    expect(totals.finish(setupFailure(new Error("x")))).toEqual({
      success: false,
      status: "failed",
      error: "x",
      exitCode: null,
      costUsd: 0.55,
      numTurns: 4,
      durationMs: 1500,
      claudeSessionId: "s-2",
    });
  });
});
