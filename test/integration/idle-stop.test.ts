import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { idleStopNotice, idleWarning } from "../../daemon/claude/idle-watchdog";
import { getDb } from "../../lib/server/db/client";
import { getRuntime } from "../../lib/server/runtime";
import { createGitRepo } from "../support/git";
import { processAlive, processesIn } from "../support/processes";
import { daemonKey, startTestDaemon, startTestServer, taskEnded, waitFor } from "../support/stack";

/** The idle watchdog on a real daemon: a warning after 1 s of silence, a stop after 2 s. */
const IDLE_TIMEOUT_MS = 1000;

let server: Awaited<ReturnType<typeof startTestServer>>;
let daemon: ReturnType<typeof startTestDaemon>;
let repo: string;

beforeAll(async () => {
  server = await startTestServer();
  daemon = startTestDaemon({
    serverUrl: server.url,
    apiKey: await daemonKey(),
    env: { MAKIMA_IDLE_TIMEOUT_MS: String(IDLE_TIMEOUT_MS) },
  });
  repo = createGitRepo();
  await waitFor(async () => (await getDb().daemon.count({ where: { status: "connected" } })) === 1);
});

afterEach(() => {
  delete process.env.FAKE_CLAUDE_SILENT_MS;
});

afterAll(async () => {
  await daemon?.stop();
  await server?.close();
});

async function startTask(plan: string) {
  const db = getDb();
  const contract = await db.contract.create({ data: { name: "idle", repository: repo } });
  const task = await db.task.create({ data: { contractId: contract.id, name: plan, plan } });
  await getRuntime().scheduleTasks();
  return task;
}

const lines = (taskId: string) => getDb().taskOutput.findMany({ where: { taskId }, orderBy: { seq: "asc" } });

describe("idle stop", () => {
  it("warns about a silent claude, then stops it: the task is interrupted and keeps its session", async () => {
    const task = await startTask("scenario:silent");
    // Its claude, once it has said something and gone quiet.
    await waitFor(async () => (await lines(task.id)).some((l) => l.line.includes("Thinking it over.")));
    const { worktreePath } = await getDb().task.findUniqueOrThrow({ where: { id: task.id } });
    const claude = processesIn(worktreePath!);
    expect(claude.length).toBeGreaterThan(0);

    const done = await taskEnded(task.id);
    expect(done).toMatchObject({ status: "interrupted", error: "No output for 2.0 s" });
    const output = await lines(task.id);
    const init = JSON.parse(output.find((l) => l.jsonType === "system")!.line) as { session_id: string };
    expect(done.claudeSessionId).toBe(init.session_id);
    const notices = output.filter((l) => l.stream === "system").map((l) => l.line);
    const warning = notices.indexOf(idleWarning(IDLE_TIMEOUT_MS));
    expect(warning).toBeGreaterThanOrEqual(0);
    expect(notices.indexOf(idleStopNotice(2 * IDLE_TIMEOUT_MS))).toBeGreaterThan(warning);
    expect(output.some((l) => l.line.includes("Back after a long silence."))).toBe(false);
    await waitFor(() => claude.every((pid) => !processAlive(pid)), 5_000, "claude to be gone");
    expect(processesIn(worktreePath!)).toEqual([]);
  });

  it("leaves a claude alone while a tool call is open, however long it is silent", async () => {
    process.env.FAKE_CLAUDE_SILENT_MS = String(3 * IDLE_TIMEOUT_MS);
    const task = await startTask("scenario:silent-tool");
    const done = await taskEnded(task.id);
    expect(done).toMatchObject({ status: "completed", error: null });
    const output = await lines(task.id);
    expect(output.some((l) => l.jsonType === "result" && l.line.includes("The long command is done."))).toBe(true);
    expect(output.filter((l) => l.stream === "system").map((l) => l.line)).not.toContain(idleWarning(IDLE_TIMEOUT_MS));
  });
});
