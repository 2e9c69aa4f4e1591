import { describe, expect, it } from "vitest";
import type { ClaudeRunArgs } from "../claude/args";
import { API_RETRY_PROMPT, withApiRetries } from "./api-retries";
import type { ClaudeRunResult } from "./claude-run";
import { claudeResult, claudeRun } from "./test-fixtures";

const overloaded = claudeRun({
  exit: { exitCode: 1, signal: null },
  result: claudeResult({ isError: true, text: "API Error: 529 Overloaded" }),
  apiFailure: "overloaded",
});

function harness(script: ClaudeRunResult[], options: { stopAfterWait?: boolean } = {}) {
  const calls: Array<{ options: ClaudeRunArgs; prompt: string }> = [];
  const waits: number[] = [];
  const notices: string[] = [];
  let stopped = false;
  const run = withApiRetries(
    async (runOptions, prompt) => {
      calls.push({ options: runOptions, prompt });
      return script[calls.length - 1];
    },
    {
      sleep: async (ms) => {
        waits.push(ms);
        if (options.stopAfterWait) stopped = true;
        return !stopped;
      },
      notice: (text) => notices.push(text),
      stopRequested: () => stopped,
    },
  );
  return { run, calls, waits, notices };
}

describe("withApiRetries", () => {
  it("runs claude again on its conversation after 30 s, 1 min and 2 min, then gives the last run", async () => {
    const h = harness([overloaded, overloaded, overloaded, overloaded]);
    const last = await h.run({ systemPrompt: "s" }, "the plan");
    expect(last).toBe(overloaded);
    expect(h.waits).toEqual([30_000, 60_000, 120_000]);
    expect(h.calls.map((call) => call.prompt)).toEqual([
      "the plan",
      API_RETRY_PROMPT,
      API_RETRY_PROMPT,
      API_RETRY_PROMPT,
    ]);
    expect(h.calls[1].options).toEqual({ systemPrompt: "s", resumeSessionId: "s-1", continueConversation: false });
    expect(h.notices[0]).toBe("Claude's API failed (overloaded): trying again in 30 s (retry 1 of 3)");
  });

  it("stops retrying once a run gets through", async () => {
    const h = harness([overloaded, claudeRun()]);
    expect((await h.run({}, "p")).apiFailure).toBeNull();
    expect(h.calls).toHaveLength(2);
  });

  it("continues the working directory's conversation when no session id was seen", async () => {
    const h = harness([{ ...overloaded, sessionId: null }, claudeRun()]);
    await h.run({}, "p");
    expect(h.calls[1].options).toEqual({ resumeSessionId: undefined, continueConversation: true });
  });

  it("does not retry a usage limit, another failure, or a task stopped during the wait", async () => {
    const limited = { ...overloaded, usageLimit: { resetsAt: null, limitType: null } };
    const failed = claudeRun({ exit: { exitCode: 1, signal: null }, result: null });
    for (const run of [limited, failed]) {
      const h = harness([run, claudeRun()]);
      expect(await h.run({}, "p")).toBe(run);
      expect(h.calls).toHaveLength(1);
    }
    const stopped = harness([overloaded, claudeRun()], { stopAfterWait: true });
    expect(await stopped.run({}, "p")).toBe(overloaded);
    expect(stopped.calls).toHaveLength(1);
  });
});
