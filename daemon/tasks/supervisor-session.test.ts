import { describe, expect, it } from "vitest";
import { SUPERVISOR_SYSTEM_PROMPT } from "../../lib/shared/supervisor/system-prompt";
import type { ClaudeRunArgs } from "../claude/args";
import type { ClaudeRunResult } from "./claude-run";
import { claudeResult, claudeRun } from "./test-fixtures";
import { SUPERVISOR_WAITING, SupervisorSession, type SupervisorDeps } from "./supervisor-session";

const success = (overrides: Partial<ClaudeRunResult> = {}): ClaudeRunResult =>
  claudeRun({ result: claudeResult({ numTurns: 2, durationMs: 100, costUsd: 0.25 }), ...overrides });
const crashed = (overrides: Partial<ClaudeRunResult> = {}) =>
  success({ exit: { exitCode: 2, signal: null }, result: null, lastStderrLine: "boom", ...overrides });

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * A supervisor whose claude runs are played by the test: each run waits until `finishRun` ends it. The flags stand
 * for the task handle's (stop requested, login lost).
 */
function harness(start: { prompt: string; sessionId: string | null } = { prompt: "Plan the work", sessionId: null }) {
  const runs: Array<{ options: ClaudeRunArgs; prompt: string; finish: (run: ClaudeRunResult) => void }> = [];
  const statuses: Array<[string, string | undefined]> = [];
  const notices: string[] = [];
  const flags = { stopRequested: false, loginLost: false };
  const deps: SupervisorDeps = {
    runClaude: (options, prompt) => new Promise((finish) => runs.push({ options, prompt, finish })),
    statusChanged: async (status, sessionId) => void statuses.push([status, sessionId]),
    system: (text) => notices.push(text),
    stopRequested: () => flags.stopRequested,
    loginLost: () => flags.loginLost,
  };
  const session = new SupervisorSession(deps);
  let settled = false;
  const outcome = session.run(start.prompt, start.sessionId).finally(() => (settled = true));
  const finishRun = async (run: ClaudeRunResult) => {
    runs.at(-1)!.finish(run);
    await tick();
  };
  return { session, outcome, runs, statuses, notices, flags, finishRun, settled: () => settled };
}

describe("SupervisorSession", () => {
  it("runs the plan with the supervisor system prompt, and waits (paused) when claude exits", async () => {
    const h = harness();
    await tick();
    expect(h.runs).toHaveLength(1);
    expect(h.runs[0]).toMatchObject({ options: { systemPrompt: SUPERVISOR_SYSTEM_PROMPT }, prompt: "Plan the work" });
    expect(h.session.holdsClaude).toBe(true);

    await h.finishRun(success());
    expect(h.statuses).toEqual([["paused", "s-1"]]);
    expect(h.notices).toEqual([SUPERVISOR_WAITING]);
    expect(h.session.holdsClaude).toBe(false);
    expect(h.settled()).toBe(false);
  });

  it("goes on after an interruption on the conversation it had, with the continuation's prompt", async () => {
    const h = harness({ prompt: "You were interrupted: go on.", sessionId: "s-0" });
    await tick();
    expect(h.runs[0]).toMatchObject({
      options: { systemPrompt: SUPERVISOR_SYSTEM_PROMPT, resumeSessionId: "s-0" },
      prompt: "You were interrupted: go on.",
    });
  });

  it("ends waiting for a usage limit instead of pausing for a message", async () => {
    const h = harness();
    await tick();
    await h.finishRun(crashed({ usageLimit: { resetsAt: null, limitType: null } }));
    expect(await h.outcome).toMatchObject({ status: "waiting_for_usage_limit", claudeSessionId: "s-1" });
    expect(h.statuses).toEqual([]);
  });

  it("resumes its session with a message as the prompt, then waits again", async () => {
    const h = harness();
    await tick();
    await h.finishRun(success());
    expect(h.session.deliver("How is it going?")).toBe(true);
    expect(h.session.holdsClaude).toBe(true);
    await tick();
    expect(h.statuses).toEqual([
      ["paused", "s-1"],
      ["running", "s-1"],
    ]);
    expect(h.runs[1]).toMatchObject({
      options: { systemPrompt: SUPERVISOR_SYSTEM_PROMPT, resumeSessionId: "s-1", continueConversation: false },
      prompt: "How is it going?",
    });
    await h.finishRun(success());
    expect(h.statuses.at(-1)).toEqual(["paused", "s-1"]);
    expect(h.settled()).toBe(false);
  });

  it("continues the working directory's last conversation when no session id was seen", async () => {
    const h = harness();
    await tick();
    await h.finishRun(success({ sessionId: null }));
    h.session.deliver("go on");
    await tick();
    expect(h.runs[1].options).toMatchObject({ resumeSessionId: undefined, continueConversation: true });
  });

  it("a stop while waiting completes it after a good last run, with the totals of all its runs", async () => {
    const h = harness();
    await tick();
    await h.finishRun(success({ sessionId: "s-1" }));
    h.session.deliver("next");
    await tick();
    await h.finishRun(success({ sessionId: "s-2" }));
    h.flags.stopRequested = true;
    expect(h.session.end()).toBe(true);
    expect(await h.outcome).toEqual({
      success: true,
      status: "completed",
      error: null,
      exitCode: 0,
      costUsd: 0.5,
      numTurns: 4,
      durationMs: 200,
      claudeSessionId: "s-2",
    });
    expect(h.session.holdsClaude).toBe(false);
    expect(h.session.deliver("too late")).toBe(false);
  });

  it("a run that failed is a notice and still a wait; a stop then fails the task with that run's error", async () => {
    const h = harness();
    await tick();
    await h.finishRun(crashed());
    expect(h.notices).toEqual(["Supervisor's claude run failed: claude exited with code 2: boom", SUPERVISOR_WAITING]);
    expect(h.statuses).toEqual([["paused", "s-1"]]);
    h.flags.stopRequested = true;
    h.session.end();
    expect(await h.outcome).toMatchObject({
      success: false,
      status: "failed",
      error: "claude exited with code 2: boom",
      exitCode: 2,
    });
  });

  it("a stop while claude runs interrupts it", async () => {
    const h = harness();
    await tick();
    h.flags.stopRequested = true;
    expect(h.session.end()).toBe(false);
    await h.finishRun(crashed({ exit: { exitCode: null, signal: "SIGTERM" } }));
    expect(await h.outcome).toMatchObject({ status: "interrupted", error: "Stopped by user" });
    expect(h.statuses).toEqual([]);
  });

  it("fails at once when claude cannot start", async () => {
    const h = harness();
    await tick();
    await h.finishRun(
      crashed({ exit: { exitCode: null, signal: null, spawnError: "Failed to start claude command" } }),
    );
    expect(await h.outcome).toMatchObject({ status: "failed", error: "Failed to start claude command" });
    expect(h.statuses).toEqual([]);
  });

  it("fails at once when claude's login is gone, so it can be restarted after a new login", async () => {
    const h = harness();
    await tick();
    h.flags.loginLost = true;
    await h.finishRun(crashed({ exit: { exitCode: 1, signal: null }, lastStderrLine: "Not logged in" }));
    expect(await h.outcome).toMatchObject({ status: "failed" });
    expect(h.statuses).toEqual([]);
  });

  it("takes a message that came while claude was finishing as the next prompt, without pausing", async () => {
    const h = harness();
    await tick();
    expect(h.session.deliver("first")).toBe(true);
    expect(h.session.deliver("second")).toBe(true);
    await h.finishRun(success());
    expect(h.statuses).toEqual([]);
    expect(h.runs[1]).toMatchObject({ options: { resumeSessionId: "s-1" }, prompt: "first\n\nsecond" });
  });

  it("starts no other run when a stop follows a message before the run began", async () => {
    const h = harness();
    await tick();
    await h.finishRun(success());
    h.session.deliver("more");
    h.flags.stopRequested = true;
    expect(h.session.end()).toBe(false);
    expect(await h.outcome).toMatchObject({ status: "completed" });
    expect(h.runs).toHaveLength(1);
  });
});
