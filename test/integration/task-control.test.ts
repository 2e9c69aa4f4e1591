import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/server/db/client";
import { getRuntime } from "../../lib/server/runtime";
import { createGitRepo } from "../support/git";
import { processAlive, processesIn } from "../support/processes";
import { daemonKey, startTestDaemon, startTestServer, waitFor } from "../support/stack";
import { stopTask } from "../../lib/server/tasks/stop-task";
import { sendTaskMessage } from "../../lib/server/tasks/send-task-message";

let server: Awaited<ReturnType<typeof startTestServer>>;
let daemon: ReturnType<typeof startTestDaemon>;
let repo: string;

beforeAll(async () => {
  server = await startTestServer();
  daemon = startTestDaemon({
    serverUrl: server.url,
    apiKey: await daemonKey(),
    maxTasks: 1,
    env: { MAKIMA_STARTUP_WARNING_MS: "500" },
  });
  repo = createGitRepo();
  await waitFor(async () => (await getDb().daemon.count({ where: { status: "connected" } })) === 1);
});

afterAll(async () => {
  await daemon?.stop();
  await server?.close();
});

async function createTask(plan: string) {
  const db = getDb();
  const contract = await db.contract.create({ data: { name: "control", repository: repo } });
  return db.task.create({ data: { contractId: contract.id, name: plan, plan } });
}

const status = async (taskId: string) => (await getDb().task.findUniqueOrThrow({ where: { id: taskId } })).status;
const lines = (taskId: string) => getDb().taskOutput.findMany({ where: { taskId }, orderBy: { seq: "asc" } });
const waitForStatus = (taskId: string, wanted: string, timeoutMs = 20_000) =>
  waitFor(async () => (await status(taskId)) === wanted, timeoutMs, `status ${wanted}`);

describe("controlling tasks", () => {
  it("warns when claude prints nothing, and Stop ends the whole process group as interrupted", async () => {
    const task = await createTask("scenario:hang");
    await getRuntime().scheduleTasks();
    await waitForStatus(task.id, "running");
    const warning = await waitFor(async () =>
      (await lines(task.id)).find((l) => l.line.startsWith("Warning: Claude Code is taking longer")),
    );
    expect(warning.stream).toBe("system");

    // This task's claude: the fake claude whose working directory is the task's worktree.
    const { worktreePath } = await getDb().task.findUniqueOrThrow({ where: { id: task.id } });
    const children = processesIn(worktreePath!);
    expect(children.length).toBeGreaterThan(0);
    expect(await stopTask({ taskId: task.id })).toMatchObject({ id: task.id });
    await waitForStatus(task.id, "interrupted");
    expect((await getDb().task.findUniqueOrThrow({ where: { id: task.id } })).error).toBe("Stopped by user");
    await waitFor(() => children.every((pid) => !processAlive(pid)), 5_000, "claude to be gone");
  });

  it("reports a process that exits before printing anything", async () => {
    const task = await createTask("scenario:exit-silent");
    await getRuntime().scheduleTasks();
    await waitForStatus(task.id, "failed");
    const notice = (await lines(task.id)).find((l) => l.stream === "system" && l.line.startsWith("Error:"));
    expect(notice?.line).toMatch(/exited unexpectedly with code 3 before printing anything/);
  });

  it("delivers a message to the running claude's stdin", async () => {
    process.env.FAKE_CLAUDE_LINES = "300";
    process.env.FAKE_CLAUDE_DELAY_MS = "10";
    const task = await createTask("scenario:slow");
    await getRuntime().scheduleTasks();
    await waitFor(async () => (await lines(task.id)).length > 20, 20_000, "output");
    expect(await sendTaskMessage({ taskId: task.id, message: "please also update the README" })).toMatchObject({
      id: task.id,
    });
    await waitForStatus(task.id, "completed", 30_000);
    const reply = (await lines(task.id)).find(
      (l) => l.jsonType === "assistant" && l.line.includes("You said: please also update the README"),
    );
    expect(reply).toBeDefined();
  });

  it("never runs more tasks than the daemon's capacity; the others wait as pending", async () => {
    process.env.FAKE_CLAUDE_LINES = "100";
    process.env.FAKE_CLAUDE_DELAY_MS = "5";
    const first = await createTask("scenario:slow");
    const second = await createTask("scenario:slow");
    await getRuntime().scheduleTasks();
    await waitForStatus(first.id, "running");
    expect(await status(second.id)).toBe("pending");
    await waitForStatus(first.id, "completed");
    await waitForStatus(second.id, "completed");
    const [a, b] = await getDb().task.findMany({
      where: { id: { in: [first.id, second.id] } },
      orderBy: { startedAt: "asc" },
    });
    expect(b.startedAt!.getTime()).toBeGreaterThanOrEqual(a.completedAt!.getTime());
  });

  it("a stop before a daemon takes the task interrupts it at once", async () => {
    await getDb().daemon.updateMany({ data: { capacity: 1 } });
    const blocker = await createTask("scenario:hang");
    const waiting = await createTask("scenario:text");
    await getRuntime().scheduleTasks();
    await waitForStatus(blocker.id, "running");
    expect(await stopTask({ taskId: waiting.id })).toMatchObject({ id: waiting.id });
    expect(await status(waiting.id)).toBe("interrupted");
    await stopTask({ taskId: blocker.id });
    await waitForStatus(blocker.id, "interrupted");
  });

  it("has one rule for messages: a task still starting (no claude yet) refuses them, as a conflict, without asking its daemon", async () => {
    const db = getDb();
    const daemonRow = await db.daemon.findFirstOrThrow({ where: { status: "connected" } });
    const contract = await db.contract.create({ data: { name: "control", repository: repo } });
    const starting = await db.task.create({
      data: { contractId: contract.id, name: "starting", plan: "p", status: "starting", daemonId: daemonRow.id },
    });
    const refusal = await sendTaskMessage({ taskId: starting.id, message: "too early" }).catch(
      (error: Error & { code?: string }) => error,
    );
    expect(refusal).toMatchObject({
      code: "conflict",
      message: "This task is starting: messages can only be sent while it runs.",
    });
    expect(await lines(starting.id)).toEqual([]);
    await db.task.update({ where: { id: starting.id }, data: { status: "failed" } });
  });
});
