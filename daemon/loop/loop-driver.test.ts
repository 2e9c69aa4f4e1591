import { describe, expect, it } from "vitest";
import type { LoopEvent } from "../../lib/shared/protocol/loop-events";
import type { ClaudeRunResult } from "../tasks/claude-run";
import { claudeResult, claudeRun } from "../tasks/test-fixtures";
import { runLoop, type IterationRun, type LoopDriverDeps } from "./loop-driver";

const gate = (ready: boolean, progress: string, blocker?: string) =>
  `<COMPLETION_GATE>\nready: ${ready}\nreason: "r"\nprogress: "${progress}"\nblockers: ${JSON.stringify(blocker ? [blocker] : [])}\n</COMPLETION_GATE>`;

const run = (overrides: Partial<ClaudeRunResult> = {}): ClaudeRunResult =>
  claudeRun({ result: claudeResult({ text: "", costUsd: 0.5 }), sessionId: null, ...overrides });

/** Deps whose iterations play `script` in turn and whose worktree changes every iteration. */
function fakeDeps(script: IterationRun[]) {
  const calls: Parameters<LoopDriverDeps["runIteration"]>[0][] = [];
  const events: LoopEvent[] = [];
  let fingerprint = 0;
  const deps: LoopDriverDeps = {
    runIteration: async (input) => {
      calls.push(input);
      return script[calls.length - 1];
    },
    fingerprint: async () => String(fingerprint++),
    emit: (event) => events.push(event),
    iterationStarted: async () => undefined,
    stopRequested: () => false,
  };
  return { deps, calls, events };
}

describe("runLoop", () => {
  it("falls back to --continue while no session id was seen, then resumes the one that appears", async () => {
    const { deps, calls } = fakeDeps([
      { run: run(), text: gate(false, "one", "a") },
      { run: run({ sessionId: "s-2" }), text: gate(false, "two", "b") },
      { run: run(), text: gate(true, "three") },
    ]);
    const outcome = await runLoop({ plan: "do it", maxIterations: 10, hardCap: 50 }, deps);
    expect(outcome.status).toBe("completed");
    expect(calls.map((c) => [c.resumeSessionId, c.continueConversation])).toEqual([
      [null, false],
      [null, true],
      ["s-2", false],
    ]);
    expect(calls[0].prompt).toBe("do it");
    expect(calls[1].prompt).toMatch(/^Continue working on the task\. This is iteration 2 of at most 10\./);
  });

  it("adds up cost, turns and time over the iterations", async () => {
    const { deps } = fakeDeps([
      { run: run(), text: gate(false, "one", "a") },
      { run: run({ sessionId: "s" }), text: gate(true, "two") },
    ]);
    const outcome = await runLoop({ plan: "p", maxIterations: 10, hardCap: 50 }, deps);
    expect(outcome).toMatchObject({ costUsd: 1, numTurns: 2, durationMs: 20, claudeSessionId: "s" });
  });

  it("does not take a ready gate from a run that failed", async () => {
    const failed = run({ exit: { exitCode: 1, signal: null }, result: null, lastStderrLine: "boom" });
    const { deps, events } = fakeDeps([
      { run: failed, text: gate(true, "claimed") },
      { run: run(), text: gate(true, "really") },
    ]);
    const outcome = await runLoop({ plan: "p", maxIterations: 10, hardCap: 50 }, deps);
    expect(outcome.status).toBe("completed");
    expect(events.filter((e) => e.type === "loop.iteration")).toHaveLength(2);
  });

  it("caps a contract's iterations at the daemon's hard cap", async () => {
    const { deps, events } = fakeDeps(
      Array.from({ length: 5 }, (_, i) => ({ run: run(), text: gate(false, `p${i}`, `b${i}`) })),
    );
    const outcome = await runLoop({ plan: "p", maxIterations: 80, hardCap: 2 }, deps);
    expect(outcome).toMatchObject({ status: "iteration_limit_reached", error: "Reached the iteration limit (2)" });
    expect(events[0]).toEqual({ type: "loop.iteration", n: 1, max: 2 });
  });

  it("ends as interrupted when the user stops it", async () => {
    const { deps } = fakeDeps([{ run: run({ exit: { exitCode: null, signal: "SIGTERM" }, result: null }), text: "" }]);
    const outcome = await runLoop(
      { plan: "p", maxIterations: 10, hardCap: 50 },
      { ...deps, stopRequested: () => true },
    );
    expect(outcome).toMatchObject({ status: "interrupted", error: "Stopped by user" });
  });

  it("ends waiting for a usage limit without spending the iteration, and goes on at that iteration after it", async () => {
    const limited = run({
      exit: { exitCode: 1, signal: null },
      sessionId: "s-4",
      usageLimit: { resetsAt: new Date(1_796_000_000_000), limitType: "five_hour" },
    });
    const { deps, events } = fakeDeps([{ run: limited, text: "" }]);
    const waiting = await runLoop({ plan: "p", maxIterations: 10, hardCap: 50 }, deps);
    expect(waiting).toMatchObject({ status: "waiting_for_usage_limit", iteration: 1, claudeSessionId: "s-4" });
    expect(events.some((event) => event.type === "loop.breaker" || event.type === "loop.done")).toBe(false);

    const after = fakeDeps([
      { run: run({ sessionId: "s-4" }), text: gate(false, "more", "x") },
      { run: run({ sessionId: "s-4" }), text: gate(true, "done") },
    ]);
    const start = { iteration: 1, prompt: "The usage limit has reset: go on.", sessionId: "s-4" };
    const outcome = await runLoop({ plan: "p", maxIterations: 10, hardCap: 50, start }, after.deps);
    expect(outcome.status).toBe("completed");
    expect(after.calls[0]).toEqual({ prompt: start.prompt, resumeSessionId: "s-4", continueConversation: false });
    expect(
      after.events.filter((e) => e.type === "loop.iteration").map((e) => e.type === "loop.iteration" && e.n),
    ).toEqual([1, 2]);
  });

  it("goes on from a later iteration with the iterations before it counted against the limit", async () => {
    const { deps, calls, events } = fakeDeps(
      Array.from({ length: 5 }, (_, i) => ({ run: run({ sessionId: "s" }), text: gate(false, `p${i}`, `b${i}`) })),
    );
    const start = { iteration: 4, prompt: "Continue for 2 more iterations.", sessionId: "s" };
    const outcome = await runLoop({ plan: "p", maxIterations: 5, hardCap: 50, start }, deps);
    expect(outcome).toMatchObject({ status: "iteration_limit_reached", error: "Reached the iteration limit (5)" });
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({ prompt: start.prompt, resumeSessionId: "s" });
    expect(events[0]).toEqual({ type: "loop.iteration", n: 4, max: 5 });
  });
});
