import fs from "node:fs";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { DaemonCommandOf, DaemonMessage } from "../../lib/shared/protocol/daemon";
import { tempDir } from "../../test/support/git";
import { DaemonConfig } from "../config";
import type { ClaudeRunResult } from "./claude-run";
import { claudeRun } from "./test-fixtures";
import { runTask } from "./run-task";
import { SupervisorSession } from "./supervisor-session";
import { TaskManager } from "./task-manager";

// The tasks' work is played by the test: a supervisor gets a real SupervisorSession whose claude runs the test ends.
vi.mock("./run-task", () => ({ runTask: vi.fn() }));

const dataDir = tempDir("makima-capacity-test-");
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const goodRun = claudeRun();
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

let claudeRuns: Array<{ taskId: string; prompt: string; finish: (run: ClaudeRunResult) => void }>;
let sent: DaemonMessage[];
let manager: TaskManager;

beforeEach(() => {
  vi.mocked(runTask).mockClear();
  claudeRuns = [];
  sent = [];
  vi.mocked(runTask).mockImplementation(async (handle) => {
    const runClaude = (_options: unknown, prompt: string) =>
      new Promise<ClaudeRunResult>((finish) => claudeRuns.push({ taskId: handle.spec.taskId, prompt, finish }));
    if (!handle.spec.isSupervisor)
      return {
        success: true,
        status: "completed",
        error: null,
        exitCode: (await runClaude({}, handle.spec.plan)).exit.exitCode,
      };
    handle.supervisor = new SupervisorSession({
      runClaude,
      statusChanged: async () => {},
      system: () => {},
      stopRequested: () => handle.stopRequested,
      loginLost: () => false,
    });
    return handle.supervisor.run(handle.spec.plan);
  });
  const config = DaemonConfig.parse({
    serverUrl: "http://127.0.0.1:1",
    apiKey: "k",
    maxTasks: 1,
    dataDir,
    reposDir: `${dataDir}/repos`,
    worktreesDir: `${dataDir}/worktrees`,
  });
  manager = new TaskManager(config, {
    send: async (message) => (sent.push(message), { ok: true }),
    isReady: () => true,
  });
});

function spawnTask(taskId: string, isSupervisor: boolean, runNumber = 1): DaemonCommandOf<"spawnTask"> {
  return {
    type: "spawnTask",
    taskId,
    contractId: "c-1",
    taskName: taskId,
    plan: `plan of ${taskId}`,
    repository: "/nowhere",
    baseBranch: "main",
    targetBranch: "main",
    autonomousLoop: false,
    maxIterations: 10,
    isSupervisor,
    completionAction: "none",
    permissionMode: "acceptEdits",
    allowRules: [],
    runNumber,
    firstSeq: 1,
  };
}

const finishClaude = async (taskId: string) => {
  claudeRuns.findLast((run) => run.taskId === taskId)!.finish(goodRun);
  await tick();
};
const completion = (taskId: string) =>
  vi.waitFor(() => {
    const message = sent.find((m) => m.type === "taskComplete" && m.taskId === taskId);
    if (!message) throw new Error(`no completion for ${taskId} yet`);
    return message;
  });

describe("TaskManager with a supervisor", () => {
  it("does not count a waiting supervisor against capacity, takes its messages at capacity, and keeps it known", async () => {
    expect(manager.handle(spawnTask("sup", true))).toEqual({ ok: true });
    await tick();
    expect(manager.handle(spawnTask("other", false))).toMatchObject({
      ok: false,
      error: "Daemon is at capacity (1 tasks)",
    });

    await finishClaude("sup");
    expect(manager.handle(spawnTask("other", false))).toEqual({ ok: true });
    await tick();
    expect(manager.runningTaskIds().sort()).toEqual(["other", "sup"]);
    // Its worktree stays its own while it waits.
    expect(manager.handle({ type: "cleanupWorktree", taskId: "sup", deleteBranch: false })).toMatchObject({
      ok: false,
    });

    // A message is never refused for capacity; the resumed run counts again.
    expect(manager.handle({ type: "sendInput", taskId: "sup", message: "carry on" })).toEqual({ ok: true });
    await tick();
    expect(claudeRuns.map((run) => [run.taskId, run.prompt])).toEqual([
      ["sup", "plan of sup"],
      ["other", "plan of other"],
      ["sup", "carry on"],
    ]);
    await finishClaude("other");
    await completion("other");
    // The supervisor's resumed run is the one that counts now.
    expect(manager.handle(spawnTask("third", false))).toMatchObject({ ok: false });
  });

  it("a stop ends a waiting supervisor at once, completed after a good run", async () => {
    manager.handle(spawnTask("sup", true));
    await tick();
    await finishClaude("sup");
    expect(await manager.handle({ type: "stopTask", taskId: "sup" })).toEqual({ ok: true });
    expect(await completion("sup")).toMatchObject({ status: "completed", success: true });
    expect(manager.runningTaskIds()).toEqual([]);
  });

  it("refuses a message once the supervisor has ended", async () => {
    manager.handle(spawnTask("sup", true));
    await tick();
    await finishClaude("sup");
    await manager.handle({ type: "stopTask", taskId: "sup" });
    expect(manager.handle({ type: "sendInput", taskId: "sup", message: "hello?" })).toMatchObject({ ok: false });
  });

  it("shutdown ends waiting supervisors", async () => {
    manager.handle(spawnTask("sup", true));
    await tick();
    await finishClaude("sup");
    await manager.shutdown(5_000);
    expect(await completion("sup")).toMatchObject({ status: "completed" });
  });
});

describe("TaskManager hand-off", () => {
  it("starts one claude for a spawnTask sent again, while its run goes on and after it has ended", async () => {
    expect(manager.handle(spawnTask("t", false))).toEqual({ ok: true });
    expect(manager.handle(spawnTask("t", false))).toEqual({ ok: true });
    await tick();
    expect(claudeRuns).toHaveLength(1);
    await finishClaude("t");
    await completion("t");
    expect(manager.runningTaskIds()).toEqual([]);
    expect(manager.handle(spawnTask("t", false))).toEqual({ ok: true });
    await tick();
    expect(claudeRuns).toHaveLength(1);
    expect(runTask).toHaveBeenCalledTimes(1);
  });

  it("starts the task's next run, but not while the previous one is still finishing", async () => {
    manager.handle(spawnTask("t", false, 1));
    await tick();
    expect(manager.handle(spawnTask("t", false, 2))).toEqual({
      ok: false,
      error: "The task's previous run is still finishing on this daemon",
    });
    await finishClaude("t");
    await completion("t");
    expect(manager.handle(spawnTask("t", false, 2))).toEqual({ ok: true });
    await tick();
    expect(claudeRuns.map((run) => run.taskId)).toEqual(["t", "t"]);
  });
});
