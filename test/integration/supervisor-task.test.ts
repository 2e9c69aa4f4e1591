import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getTaskRoute } from "../../app/api/v1/tasks/[id]/route";
import { getDb } from "../../lib/server/db/client";
import { findValidApiKey } from "../../lib/server/api-keys/api-key-store";
import { getRuntime } from "../../lib/server/runtime";
import { SUPERVISOR_SYSTEM_PROMPT } from "../../lib/shared/supervisor/system-prompt";
import { SUPERVISOR_WAITING } from "../../daemon/tasks/supervisor-session";
import { callRoute } from "../support/api-route";
import { createTestUser } from "../support/auth";
import { recordedClaudeRuns } from "../support/claude-args";
import { createGitRepo, tempDir } from "../support/git";
import { daemonKey, startTestDaemon, startTestServer, waitFor } from "../support/stack";
import { stopTask } from "../../lib/server/tasks/stop-task";
import { sendTaskMessage } from "../../lib/server/tasks/send-task-message";

let server: Awaited<ReturnType<typeof startTestServer>>;
let daemon: ReturnType<typeof startTestDaemon>;
let repo: string;
/** The member who starts the tasks: their keys act as them. */
let memberId: string;
const argsFile = path.join(tempDir("makima-supervisor-args-"), "argv.jsonl");

beforeAll(async () => {
  server = await startTestServer();
  process.env.FAKE_CLAUDE_STATE_DIR = tempDir("makima-fake-state-");
  process.env.FAKE_CLAUDE_ARGS_FILE = argsFile;
  // One task at a time: a waiting supervisor must leave room for another.
  daemon = startTestDaemon({ serverUrl: server.url, apiKey: await daemonKey(), maxTasks: 1 });
  repo = createGitRepo();
  memberId = (await createTestUser("member")).id;
  await waitFor(async () => (await getDb().daemon.count({ where: { status: "connected" } })) === 1);
});

afterAll(async () => {
  delete process.env.FAKE_CLAUDE_ARGS_FILE;
  await daemon?.stop();
  await server?.close();
});

async function createTask(plan: string, isSupervisor: boolean) {
  const db = getDb();
  const contract = await db.contract.create({ data: { name: "supervised", repository: repo } });
  const task = await db.task.create({
    data: {
      contractId: contract.id,
      name: isSupervisor ? "Supervisor" : "Worker",
      plan,
      isSupervisor,
      createdById: memberId,
    },
  });
  await getRuntime().scheduleTasks();
  return task;
}

const taskRow = (taskId: string) => getDb().task.findUniqueOrThrow({ where: { id: taskId } });
const lines = async (taskId: string) =>
  (await getDb().taskOutput.findMany({ where: { taskId }, orderBy: { seq: "asc" } })).map((entry) => entry.line);
const waitForStatus = (taskId: string, wanted: string, timeoutMs = 20_000) =>
  waitFor(async () => (await taskRow(taskId)).status === wanted, timeoutMs, `status ${wanted}`);
/** Each time the waiting notice has appeared in the task's output. */
const waits = async (taskId: string) => (await lines(taskId)).filter((line) => line === SUPERVISOR_WAITING).length;

/** The fake claude's record of each of this task's runs: argv, cwd and MAKIMA_* environment. */
const claudeRuns = (taskId: string) => recordedClaudeRuns(argsFile, (run) => run.env.MAKIMA_TASK_ID === taskId);
const flagValue = (argv: string[], flag: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);

/** A tool_result line of the output holding `text`. */
const toolResultWith = (output: string[], text: string) =>
  output.find((line) => line.includes('"tool_result"') && line.includes(text));

describe("a supervisor task", () => {
  let supervisorId: string;

  it("waits for input when its claude exits, instead of completing", async () => {
    const task = await createTask("scenario:shell\nrun echo supervising", true);
    supervisorId = task.id;
    await waitForStatus(task.id, "paused");
    await waitFor(async () => (await waits(task.id)) === 1, 10_000, "the waiting notice");

    const [first] = claudeRuns(task.id);
    expect(flagValue(first.argv, "--append-system-prompt")).toBe(SUPERVISOR_SYSTEM_PROMPT);
    expect(first.argv).not.toContain("--resume");
    const row = await taskRow(task.id);
    expect(row).toMatchObject({ status: "paused", completedAt: null });
    expect(row.claudeSessionId).toBeTruthy();
    // Its key still works for the makima commands of its next run.
    expect(await findValidApiKey(getDb(), first.env.MAKIMA_API_KEY, "task")).not.toBeNull();
    expect(await callRoute(getTaskRoute, { id: task.id }, { key: first.env.MAKIMA_API_KEY })).toMatchObject({
      status: 200,
      body: { task: { status: "paused" } },
    });
    expect(toolResultWith(await lines(task.id), "supervising")).toBeDefined();
  });

  it("leaves room for another task while it waits, even on a daemon of one task", async () => {
    const worker = await createTask("scenario:text", false);
    await waitForStatus(worker.id, "completed");
    expect((await taskRow(supervisorId)).status).toBe("paused");
  });

  it("resumes its claude session on a message, then waits again", async () => {
    const { claudeSessionId } = await taskRow(supervisorId);
    expect(await sendTaskMessage({ taskId: supervisorId, message: "run echo resumed-answer" })).toMatchObject({
      id: supervisorId,
    });
    await waitFor(
      async () => toolResultWith(await lines(supervisorId), "resumed-answer"),
      20_000,
      "the resumed run's answer",
    );
    await waitFor(async () => (await waits(supervisorId)) === 2, 20_000, "the second wait");
    await waitForStatus(supervisorId, "paused");

    const runs = claudeRuns(supervisorId);
    expect(runs).toHaveLength(2);
    expect(flagValue(runs[1].argv, "--resume")).toBe(claudeSessionId);
    expect(flagValue(runs[1].argv, "--append-system-prompt")).toBe(SUPERVISOR_SYSTEM_PROMPT);
    expect(runs[1].env.MAKIMA_API_KEY).toBe(runs[0].env.MAKIMA_API_KEY);
    expect(await lines(supervisorId)).toContain("Message sent: run echo resumed-answer");
  });

  it("ends completed when stopped while it waits, with the totals of its runs", async () => {
    expect(await stopTask({ taskId: supervisorId })).toMatchObject({ id: supervisorId });
    await waitForStatus(supervisorId, "completed");
    const row = await taskRow(supervisorId);
    expect(row.error).toBeNull();
    // The fake claude charges 0.0123 per run.
    expect(row.costUsd).toBeCloseTo(2 * 0.0123);
  });
});

describe("the makima command on claude's PATH", () => {
  it("runs this project's CLI from any task", async () => {
    const task = await createTask("scenario:shell\nrun makima --help", false);
    await waitForStatus(task.id, "completed", 30_000);
    const result = toolResultWith(await lines(task.id), "Usage:");
    expect(result).toContain("makima daemon");
    expect(result).toContain('"is_error":false');
  });
});
