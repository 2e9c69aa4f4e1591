import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../lib/server/auth/actor";
import { getDb } from "../../lib/server/db/client";
import { getRuntime } from "../../lib/server/runtime";
import { continueTask } from "../../lib/server/tasks/continue-task";
import { stopTask } from "../../lib/server/tasks/stop-task";
import { spawnTaskCommand } from "../../lib/server/tasks/task-scheduler";
import { createTestUser } from "../support/auth";
import { recordedClaudeRuns } from "../support/claude-args";
import { createGitRepo, tempDir } from "../support/git";
import { daemonKey, startDaemonProcess, startTestDaemon, startTestServer, taskEnded, waitFor } from "../support/stack";

/**
 * Agents that survive: a finished task goes on where it stopped (Resume, a usage limit's reset, its daemon's return),
 * in the same worktree, on claude's conversation, its output numbered on after what it printed before.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let daemon: ReturnType<typeof startTestDaemon>;
let repo: string;
let person: Actor;
const argsFile = path.join(tempDir("makima-resume-args-"), "claude-args.jsonl");
const daemonProcesses: ChildProcess[] = [];

beforeAll(async () => {
  server = await startTestServer({ MAKIMA_DAEMON_GRACE_MS: "600000" });
  Object.assign(process.env, { FAKE_CLAUDE_ARGS_FILE: argsFile, FAKE_CLAUDE_SILENT_MS: "600000" });
  daemon = startTestDaemon({ serverUrl: server.url, apiKey: await daemonKey(), maxTasks: 1, hostname: "resumer" });
  repo = createGitRepo();
  const user = await createTestUser("member");
  person = { userId: user.id, email: user.email, role: "member", via: "session", ipAddress: null };
  await waitFor(async () => (await getDb().daemon.count({ where: { status: "connected" } })) === 1);
});

afterEach(() => {
  for (const child of daemonProcesses.splice(0)) child.kill("SIGKILL");
});

afterAll(async () => {
  await daemon?.stop();
  await server?.close();
  delete process.env.FAKE_CLAUDE_ARGS_FILE;
  delete process.env.FAKE_CLAUDE_SILENT_MS;
});

const db = () => getDb();
const row = (taskId: string) => db().task.findUniqueOrThrow({ where: { id: taskId } });
const lines = (taskId: string) => db().taskOutput.findMany({ where: { taskId }, orderBy: { seq: "asc" } });
const statusIs = (taskId: string, status: string, timeoutMs = 20_000) =>
  waitFor(async () => ((await row(taskId)).status === status ? row(taskId) : undefined), timeoutMs, status);

/** Each claude run in the worktree, as the fake recorded it: its arguments and MAKIMA_* environment. */
const claudeRuns = (worktreePath: string) => recordedClaudeRuns(argsFile, (run) => run.cwd === worktreePath);

async function startTask(plan: string, contract: { autoResume?: boolean; autonomousLoop?: boolean } = {}) {
  const { id: contractId } = await db().contract.create({
    data: { name: `resume ${plan}`, repository: repo, autoResume: false, ...contract },
  });
  const task = await db().task.create({
    data: { contractId, name: "resumable", plan, autonomousLoop: contract.autonomousLoop ?? false },
  });
  await getRuntime().scheduleTasks();
  return task;
}

/** Seqs 1…N, each once: nothing lost, nothing doubled, across every run of the task. */
function expectOneStream(seqs: number[]) {
  expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
}

describe("resuming a task", () => {
  it("goes on in the same worktree and conversation after Resume, its output numbered on after a banner", async () => {
    const task = await startTask("scenario:silent");
    const running = await waitFor(async () => {
      const current = await row(task.id);
      return current.status === "running" && current.claudeSessionId ? current : undefined;
    });
    await expect(continueTask({ taskId: task.id }, person)).rejects.toThrow(
      "Only an interrupted or failed task can go on; this one is running.",
    );
    await stopTask({ taskId: task.id });
    const stopped = await statusIs(task.id, "interrupted");
    const before = await lines(task.id);

    await continueTask({ taskId: task.id, message: "Carry on with the docs" }, person);
    const done = await taskEnded(task.id);
    expect(done).toMatchObject({
      status: "completed",
      worktreePath: running.worktreePath,
      branch: running.branch,
      claudeSessionId: running.claudeSessionId,
      runNumber: 2,
      resumePrompt: null,
    });
    expect(done.costUsd).toBeGreaterThan(stopped.costUsd);

    const output = await lines(task.id);
    expectOneStream(output.map((line) => line.seq));
    const banner = output[before.length];
    expect(banner).toMatchObject({
      seq: before.at(-1)!.seq + 1,
      stream: "system",
      line: `Resumed by ${person.email}: “Carry on with the docs”`,
    });

    const [first, second] = claudeRuns(running.worktreePath!);
    expect(second.argv).toEqual(expect.arrayContaining(["--resume", running.claudeSessionId!]));
    expect(first.argv).not.toContain("--resume");
    expect(second.env.MAKIMA_API_KEY).toBeDefined();
    expect(second.env.MAKIMA_API_KEY).not.toBe(first.env.MAKIMA_API_KEY);
  });

  it("refuses to resume a task claude never started a conversation for, and says what to do instead", async () => {
    const task = await startTask("scenario:exit-silent");
    await statusIs(task.id, "failed");
    await expect(continueTask({ taskId: task.id }, person)).rejects.toThrow(/no claude session to resume/);
    await expect(continueTask({ taskId: task.id, how: "moreIterations", iterations: 2 }, person)).rejects.toThrow(
      "Only a loop that reached its iteration limit can go on; this task is failed.",
    );
  });

  it("restarts on another daemon as a new conversation on the task's branch", async () => {
    const task = await startTask("scenario:silent");
    const running = await waitFor(async () => ((await row(task.id)).claudeSessionId ? row(task.id) : undefined));
    await stopTask({ taskId: task.id });
    await statusIs(task.id, "interrupted");
    // The default prompt repeats the plan (which makes the fake claude silent again): a message takes its place.
    await continueTask({ taskId: task.id, how: "anotherDaemon", message: "Finish the plan" }, person);
    expect((await taskEnded(task.id)).status).toBe("completed");
    const runs = claudeRuns(running.worktreePath!);
    expect(runs).toHaveLength(2);
    expect(runs[1].argv).not.toContain("--resume");
    const output = await lines(task.id);
    const banner = `Restarted on another daemon by ${person.email}, as a new conversation on branch ${running.branch}: “Finish the plan”`;
    expect(output.map((line) => line.line)).toContain(banner);
    expectOneStream(output.map((line) => line.seq));
  });

  it("a spawnTask sent again for the same run starts no second claude", async () => {
    const task = await startTask("scenario:silent");
    const running = await waitFor(async () => {
      const current = await row(task.id);
      return current.status === "running" && current.worktreePath ? current : undefined;
    }, 30_000);
    const again = spawnTaskCommand(
      { ...running, contract: await db().contract.findUniqueOrThrow({ where: { id: running.contractId } }) },
      1,
    );
    expect(await getRuntime().commandDaemon(running.daemonId!, again)).toEqual({ ok: true });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(claudeRuns(running.worktreePath!)).toHaveLength(1);
    await stopTask({ taskId: task.id });
    await statusIs(task.id, "interrupted");
  });
});

describe("a loop at its iteration limit", () => {
  it("goes on for the iterations given, on its conversation, counting on from where it stopped", async () => {
    const { id: contractId } = await db().contract.create({
      data: { name: "loop", repository: repo, autoResume: false, autonomousLoop: true, maxIterations: 2 },
    });
    const task = await db().task.create({
      data: { contractId, name: "looping", plan: "scenario:loop-never-ready", autonomousLoop: true },
    });
    await getRuntime().scheduleTasks();
    const limited = await statusIs(task.id, "iteration_limit_reached", 30_000);
    expect(limited.iteration).toBe(2);

    await continueTask({ taskId: task.id, how: "moreIterations", iterations: 1 }, person);
    const again = await statusIs(task.id, "iteration_limit_reached", 30_000);
    expect(again).toMatchObject({ iteration: 3, maxIterations: 3, error: "Reached the iteration limit (3)" });
    const output = await lines(task.id);
    expectOneStream(output.map((line) => line.seq));
    const iterations = output.filter((line) => line.jsonType === "loop.iteration").map((line) => JSON.parse(line.line));
    expect(iterations.map((event) => [event.n, event.max])).toEqual([
      [1, 2],
      [2, 2],
      [3, 3],
    ]);
    const runs = claudeRuns(again.worktreePath!);
    expect(runs.at(-1)!.argv).toEqual(expect.arrayContaining(["--resume", limited.claudeSessionId!]));
  });
});

describe("a usage limit", () => {
  it("waits without holding a slot, says when it resets, and resumes by itself at the reset (never before)", async () => {
    process.env.FAKE_CLAUDE_RESET_IN_S = "3";
    const task = await startTask("scenario:usage-limit");
    const waiting = await statusIs(task.id, "waiting_for_usage_limit");
    delete process.env.FAKE_CLAUDE_RESET_IN_S;
    expect(waiting.resumeAt).not.toBeNull();
    expect(waiting.error).toMatch(/^Waiting for the usage limit to reset at \d\d:\d\d$/);
    expect(waiting.completedAt).toBeNull();
    const notice = await waitFor(() =>
      db().notification.findFirst({ where: { taskId: task.id, kind: "usage_limit" } }),
    );
    expect(notice!.body).toMatch(/reset at \d\d:\d\d\. The task resumes by itself then\./);

    // The daemon has one slot: another task runs while this one waits.
    const other = await startTask("plain work");
    expect((await taskEnded(other.id)).status).toBe("completed");
    expect((await row(task.id)).status).toBe("waiting_for_usage_limit");

    const done = await taskEnded(task.id, 30_000);
    expect(done.status).toBe("completed");
    const output = await lines(task.id);
    expectOneStream(output.map((line) => line.seq));
    const banner = output.find((line) => line.line === "Resumed after the usage limit reset")!;
    expect(banner.createdAt.getTime()).toBeGreaterThanOrEqual(waiting.resumeAt!.getTime());
    expect(output.at(-1)!.line).toMatch(/Resumed after the usage limit: The usage limit that stopped you has reset/);
    const runs = claudeRuns(done.worktreePath!);
    expect(runs.at(-1)!.argv).toEqual(expect.arrayContaining(["--resume", waiting.claudeSessionId!]));
  });
});

describe("automatic recovery", () => {
  it("resumes a task whose daemon was killed once the daemon of the same machine is back", async () => {
    await daemon.stop();
    const dataDir = tempDir("makima-recovery-daemon-");
    const key = await daemonKey("recovery");
    const start = () => {
      const child = startDaemonProcess({ serverUrl: server.url, apiKey: key, dataDir, hostname: "recovering" });
      daemonProcesses.push(child);
      return child;
    };
    const first = start();
    const task = await startTask("scenario:silent", { autoResume: true });
    const running = await waitFor(async () => {
      const current = await row(task.id);
      return current.status === "running" && current.claudeSessionId ? current : undefined;
    }, 30_000);
    first.kill("SIGKILL");
    start();

    const done = await taskEnded(task.id, 30_000);
    expect(done).toMatchObject({ status: "completed", autoResumes: 1, daemonId: running.daemonId });
    const output = await lines(task.id);
    expect(output.some((line) => /^Resumed after an interruption \(.*automatic resume 1 of 3\)$/.test(line.line))).toBe(
      true,
    );
    const runs = claudeRuns(running.worktreePath!);
    expect(runs.at(-1)!.argv).toEqual(expect.arrayContaining(["--resume", running.claudeSessionId!]));
  });
});
