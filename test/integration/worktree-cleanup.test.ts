import fs from "node:fs";
import path from "node:path";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/db/client";
import { UI_NAMESPACE, UiEvent, type TaskCleanupEvent } from "../../lib/protocol/ui";
import { getRuntime } from "../../lib/server/runtime";
import { createGitRepo, git } from "../support/git";
import { daemonKey, startTestDaemon, startTestServer, waitFor } from "../support/stack";

let server: Awaited<ReturnType<typeof startTestServer>>;
let daemon: ReturnType<typeof startTestDaemon>;
let browser: Socket;
let repo: string;
const results: TaskCleanupEvent[] = [];

beforeAll(async () => {
  server = await startTestServer();
  daemon = startTestDaemon({ serverUrl: server.url, apiKey: await daemonKey() });
  repo = createGitRepo();
  browser = io(server.url + UI_NAMESPACE, { transports: ["websocket"] });
  browser.on(UiEvent.taskCleanup, (event: TaskCleanupEvent) => results.push(event));
  await waitFor(async () => (await getDb().daemon.count({ where: { status: "connected" } })) === 1);
});

afterAll(async () => {
  browser?.close();
  await daemon?.stop();
  await server?.close();
});

async function finishedTask(plan: string) {
  const db = getDb();
  const contract = await db.contract.create({ data: { name: "cleanup", repository: repo } });
  const task = await db.task.create({ data: { contractId: contract.id, name: "Clean me", plan } });
  browser.emit(UiEvent.subscribeContract, { contractId: contract.id });
  await getRuntime().scheduleTasks();
  return waitFor(async () => {
    const row = await db.task.findUniqueOrThrow({ where: { id: task.id } });
    return row.status === "completed" ? row : undefined;
  }, 20_000, "the task");
}

const resultFor = (taskId: string) => waitFor(() => results.find((r) => r.taskId === taskId), 10_000, "the clean-up result");

describe("cleanupWorktree over the daemon protocol", () => {
  it("saves uncommitted work on the kept branch, then removes the folder and its worktree entry", async () => {
    const task = await finishedTask("scenario:text");
    fs.writeFileSync(path.join(task.worktreePath!, "notes.md"), "work in progress\n");

    expect(await getRuntime().cleanupWorktree(task.id, false)).toEqual({ ok: true });
    const result = await resultFor(task.id);
    expect(result.success).toBe(true);
    expect(result.message).toMatch(/saved uncommitted work in commit [0-9a-f]+ on makima\//);
    expect(fs.existsSync(task.worktreePath!)).toBe(false);
    expect(git(repo, "worktree", "list")).not.toContain(task.worktreePath!);
    expect(git(repo, "log", "-1", "--format=%s", task.branch!)).toBe("makima: uncommitted work saved at clean-up");
    expect(git(repo, "show", `${task.branch}:notes.md`)).toBe("work in progress");
  });

  it("deletes the branch when asked, and reports a worktree already gone as a success", async () => {
    const task = await finishedTask("scenario:text");
    await getRuntime().cleanupWorktree(task.id, true);
    expect((await resultFor(task.id)).success).toBe(true);
    expect(git(repo, "branch", "--list", task.branch!)).toBe("");

    results.length = 0;
    await getRuntime().cleanupWorktree(task.id, true);
    expect(await resultFor(task.id)).toMatchObject({ success: true, message: "Worktree already gone" });
  });

  it("never removes the worktree of a task that has not finished", async () => {
    const db = getDb();
    const contract = await db.contract.create({ data: { name: "busy", repository: repo } });
    const task = await db.task.create({ data: { contractId: contract.id, name: "Busy", plan: "scenario:hang" } });
    await getRuntime().scheduleTasks();
    const running = await waitFor(async () => {
      const row = await db.task.findUniqueOrThrow({ where: { id: task.id } });
      return row.status === "running" ? row : undefined;
    });
    expect(await getRuntime().cleanupWorktree(task.id, true)).toEqual({ ok: false, error: "A task that has not finished keeps its worktree" });
    expect(fs.existsSync(running.worktreePath!)).toBe(true);
    await getRuntime().stopTask(task.id);
  });
});
