import { describe, expect, it } from "vitest";
import type { Task } from "../../generated/prisma/client";
import {
  INTERRUPTED_PROMPT,
  recoversAutomatically,
  recoveryContinuation,
  requestedContinuation,
  spawnContinuation,
  usageLimitResumeAt,
  usageLimitWait,
  usageLimitWaitText,
} from "./continuation";

const task = (fields: Partial<Task> = {}): Task =>
  ({
    id: "t-1",
    plan: "Fix the build",
    status: "interrupted",
    autonomousLoop: false,
    iteration: 0,
    claudeSessionId: "s-1",
    daemonId: "d-1",
    branch: "makima/t-1-fix",
    autoResumes: 0,
    resumePrompt: null,
    resumeNote: null,
    resumeSession: false,
    ...fields,
  }) as Task;

const hour = 60 * 60 * 1000;
const now = new Date(2026, 11, 1, 14, 0);

describe("requestedContinuation", () => {
  it("resumes claude's conversation on its daemon, the message as the prompt and in the banner", () => {
    expect(requestedContinuation(task(), { how: "resume", by: "ann@example.com", message: "Go on" })).toMatchObject({
      status: "pending",
      resumePrompt: "Go on",
      resumeNote: "Resumed by ann@example.com: “Go on”",
      resumeSession: true,
      error: null,
      completedAt: null,
    });
    expect(requestedContinuation(task({ status: "failed" }), { how: "resume", by: "ann" })).toMatchObject({
      resumePrompt: INTERRUPTED_PROMPT,
      resumeNote: "Resumed by ann",
    });
  });

  it("refuses a running or completed task, one without a session, and one whose daemon is gone", () => {
    const resume = { how: "resume" as const, by: "ann" };
    expect(() => requestedContinuation(task({ status: "running" }), resume)).toThrow(/this one is running/);
    expect(() => requestedContinuation(task({ status: "completed" }), resume)).toThrow(/this one is completed/);
    expect(() => requestedContinuation(task({ claudeSessionId: null }), resume)).toThrow(/no claude session/);
    expect(() => requestedContinuation(task({ daemonId: null }), resume)).toThrow(/daemon that ran this task is gone/);
  });

  it("restarts on any daemon as a new conversation whose prompt names the branch and repeats the plan", () => {
    const fields = requestedContinuation(task({ claudeSessionId: null }), { how: "anotherDaemon", by: "ann" });
    expect(fields).toMatchObject({ status: "pending", resumeSession: false, daemonId: null });
    expect(fields.resumePrompt).toMatch(/^This task ran before on branch makima\/t-1-fix and was interrupted\./);
    expect(fields.resumePrompt).toMatch(/Fix the build$/);
  });

  it("gives a loop at its limit more iterations, going on at the next one", () => {
    const loop = task({ status: "iteration_limit_reached", autonomousLoop: true, iteration: 10 });
    expect(requestedContinuation(loop, { how: "moreIterations", by: "ann", iterations: 5 })).toMatchObject({
      maxIterations: 15,
      iteration: 11,
      resumeSession: true,
      resumeNote: "Continued for 5 more iterations by ann",
    });
    expect(() => requestedContinuation(task(), { how: "moreIterations", by: "ann", iterations: 5 })).toThrow(
      /Only a loop that reached its iteration limit/,
    );
  });
});

describe("automatic recovery", () => {
  it("goes on by itself at most 3 times, where the contract allows it", () => {
    expect(recoversAutomatically(task(), { autoResume: true })).toBe(true);
    expect(recoversAutomatically(task({ autoResumes: 3 }), { autoResume: true })).toBe(false);
    expect(recoversAutomatically(task(), { autoResume: false })).toBe(false);
  });

  it("resumes the conversation on the same daemon, or starts the plan again anywhere without one", () => {
    expect(recoveryContinuation(task({ autoResumes: 1 }), "Daemon d went away")).toMatchObject({
      status: "pending",
      resumeSession: true,
      daemonId: "d-1",
      autoResumes: 2,
      resumeNote: "Resumed after an interruption (Daemon d went away; automatic resume 2 of 3)",
    });
    expect(recoveryContinuation(task({ claudeSessionId: null }), "gone")).toMatchObject({
      resumePrompt: "Fix the build",
      resumeSession: false,
      daemonId: null,
    });
  });
});

describe("usage limits", () => {
  it("resumes at the reset, never before; at once for a reset past; at most 8 hours ahead", () => {
    const reset = new Date(now.getTime() + hour);
    expect(usageLimitResumeAt(reset, now)).toEqual({ at: reset, bounded: false });
    expect(usageLimitResumeAt(new Date(now.getTime() - hour), now)).toEqual({ at: now, bounded: false });
    expect(usageLimitResumeAt(new Date(now.getTime() + 5 * 365 * 24 * hour), now)).toEqual({
      at: new Date(now.getTime() + 8 * hour),
      bounded: true,
    });
    expect(usageLimitResumeAt(null, now)).toEqual({ at: new Date(now.getTime() + hour), bounded: true });
  });

  it("says when it resets, and when it tries instead of a reset too far off or unknown", () => {
    const at = new Date(2026, 11, 1, 15, 0);
    expect(usageLimitWaitText(at, at, now)).toBe("Waiting for the usage limit to reset at 15:00");
    expect(usageLimitWaitText(new Date(2027, 0, 1, 9, 0), new Date(2026, 11, 1, 22, 0), now)).toBe(
      "Waiting for the usage limit to reset at 2027-01-01 09:00: that is more than 8 hours away, so it tries again at 22:00",
    );
    expect(usageLimitWaitText(null, at, now)).toBe(
      "Waiting for the usage limit to reset (claude did not say when): it tries again at 15:00",
    );
  });

  it("waits holding no daemon, its conversation resumed at the iteration it stopped at", () => {
    const reset = new Date(2026, 11, 1, 15, 0);
    const fields = usageLimitWait(task({ status: "running" }), { resetsAt: reset.toISOString(), iteration: 4 }, now);
    expect(fields).toMatchObject({
      status: "waiting_for_usage_limit",
      resumeAt: reset,
      resumeSession: true,
      iteration: 4,
    });
    expect(spawnContinuation(task({ ...fields, status: "pending", iteration: 4 } as Partial<Task>))).toEqual({
      note: "Resumed after the usage limit reset",
      prompt: "The usage limit that stopped you has reset. Go on with the task where you stopped.",
      sessionId: "s-1",
      iteration: 4,
    });
  });

  it("makes a fresh start of a task without a continuation", () => {
    expect(spawnContinuation(task())).toBeUndefined();
  });
});
