import fs from "node:fs";
import path from "node:path";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteContract } from "../../lib/server/contracts/delete-contract";
import { setContractStatus } from "../../lib/server/contracts/set-contract-status";
import { getDb } from "../../lib/server/db/client";
import { UiEvent, type CleanupStatus, type TaskCleanupEvent } from "../../lib/shared/protocol/ui";
import { getRuntime } from "../../lib/server/runtime";
import { signedInUser, uiSocket } from "../support/auth";
import { createGitRepo, git } from "../support/git";
import { daemonKey, startTestDaemon, startTestServer, waitFor } from "../support/stack";
import { stopTask } from "../../lib/server/tasks/stop-task";

let server: Awaited<ReturnType<typeof startTestServer>>;
let daemon: ReturnType<typeof startTestDaemon>;
let apiKey: string;
let browser: Socket;
let repo: string;
const events: TaskCleanupEvent[] = [];

beforeAll(async () => {
  server = await startTestServer();
  apiKey = await daemonKey();
  daemon = startTestDaemon({ serverUrl: server.url, apiKey });
  repo = createGitRepo();
  browser = uiSocket(server.url, (await signedInUser("viewer")).cookie);
  browser.on(UiEvent.taskCleanup, (event: TaskCleanupEvent) => events.push(event));
  await daemonConnected(true);
});

afterAll(async () => {
  browser?.close();
  await daemon?.stop();
  await server?.close();
});

const daemonConnected = (connected: boolean) =>
  waitFor(
    async () => (await getDb().daemon.count({ where: { status: "connected" } })) === (connected ? 1 : 0),
    20_000,
    "the daemon",
  );

async function newContract(name: string) {
  const contract = await getDb().contract.create({ data: { name, repository: repo } });
  await new Promise((joined) => browser.emit(UiEvent.subscribeContract, { contractId: contract.id }, joined));
  return contract;
}

async function startTask(contractId: string, plan: string, until: "completed" | "running") {
  const db = getDb();
  const task = await db.task.create({ data: { contractId, name: `Task ${plan.slice(0, 20)}`, plan } });
  await getRuntime().scheduleTasks();
  return waitFor(
    async () => {
      const row = await db.task.findUniqueOrThrow({ where: { id: task.id } });
      return row.status === until && row.worktreePath ? row : undefined;
    },
    20_000,
    `the task to be ${until}`,
  );
}

/** Waits for the browser to be told that the task's clean-up reached `status`. */
const cleanupEvent = (taskId: string, status: CleanupStatus) =>
  waitFor(
    () => events.find((event) => event.taskId === taskId && event.status === status),
    20_000,
    `clean-up ${status}`,
  );

const listed = (worktreePath: string) =>
  git(repo, "worktree", "list", "--porcelain").includes(fs.realpathSync(path.dirname(worktreePath)));

describe("worktree clean-up over the daemon protocol", () => {
  it("the button's clean-up saves uncommitted work on the kept branch, removes folder and entry, and leaves a running task alone", async () => {
    const contract = await newContract("button");
    const finished = await startTask(contract.id, "scenario:edit\nwrite notes.md work in progress", "completed");
    const running = await startTask(contract.id, "scenario:hang", "running");
    expect(listed(finished.worktreePath!)).toBe(true);

    const summary = await getRuntime().cleanupContractWorktrees({
      contractId: contract.id,
      deleteBranch: false,
      finishedOnly: true,
    });

    expect(summary).toEqual({ queued: [finished.id], skippedRunning: [running.id], alreadyRemoved: [] });
    const result = await cleanupEvent(finished.id, "cleaned");
    expect(result.message).toMatch(/saved uncommitted work in commit [0-9a-f]+ on makima\//);
    expect(events.filter((event) => event.taskId === finished.id).map((event) => event.status)).toEqual([
      "pending",
      "sent",
      "cleaned",
    ]);
    expect(fs.existsSync(finished.worktreePath!)).toBe(false);
    expect(git(repo, "worktree", "list")).not.toContain(path.basename(finished.worktreePath!));
    expect(git(repo, "log", "-1", "--format=%s", finished.branch!)).toBe("makima: uncommitted work saved at clean-up");
    expect(git(repo, "show", `${finished.branch}:notes.md`)).toBe("work in progress");
    expect(fs.existsSync(running.worktreePath!)).toBe(true);
    expect(await getDb().worktreeCleanup.findUnique({ where: { taskId: running.id } })).toBeNull();
    await stopTask({ taskId: running.id });
  });

  it("deletes the branches when asked, and reports a worktree already gone as such", async () => {
    const contract = await newContract("branches");
    const task = await startTask(contract.id, "scenario:text", "completed");
    const other = await startTask(contract.id, "scenario:text", "completed");
    await getRuntime().cleanupContractWorktrees({ contractId: contract.id, deleteBranch: true, finishedOnly: true });
    await cleanupEvent(task.id, "cleaned");
    await cleanupEvent(other.id, "cleaned");
    expect(git(repo, "branch", "--list", task.branch!)).toBe("");

    // A worktree removed by hand (and forgotten by the server) is reported already gone.
    await getDb().worktreeCleanup.delete({ where: { taskId: task.id } });
    events.length = 0;
    const again = await getRuntime().cleanupContractWorktrees({
      contractId: contract.id,
      deleteBranch: true,
      finishedOnly: true,
    });
    expect(again).toEqual({ queued: [task.id], skippedRunning: [], alreadyRemoved: [other.id] });
    expect(await cleanupEvent(task.id, "already_gone")).toMatchObject({ message: "Worktree already gone" });
    expect(await getDb().worktreeCleanup.findUniqueOrThrow({ where: { taskId: task.id } })).toMatchObject({
      status: "already_gone",
    });
  });

  it("completing a contract removes every task's worktree, a running task's once it has ended", async () => {
    const contract = await newContract("complete");
    const finished = await startTask(contract.id, "scenario:text", "completed");
    const running = await startTask(contract.id, "scenario:hang", "running");

    await setContractStatus({ id: contract.id, status: "completed" });

    await cleanupEvent(finished.id, "cleaned");
    expect(fs.existsSync(finished.worktreePath!)).toBe(false);
    expect(git(repo, "branch", "--list", finished.branch!)).not.toBe("");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(fs.existsSync(running.worktreePath!)).toBe(true);
    expect(await getDb().worktreeCleanup.findUniqueOrThrow({ where: { taskId: running.id } })).toMatchObject({
      status: "pending",
    });

    await stopTask({ taskId: running.id });
    await cleanupEvent(running.id, "cleaned");
    expect(fs.existsSync(running.worktreePath!)).toBe(false);
  });

  it("holds clean-ups while the daemon is offline, for completed and for deleted contracts, and sends them when it is back", async () => {
    const completing = await newContract("offline complete");
    const deleting = await newContract("offline delete");
    const kept = await startTask(completing.id, "scenario:text", "completed");
    const gone = await startTask(deleting.id, "scenario:edit\nwrite draft.md unsaved draft", "completed");

    await daemon.stop();
    await daemonConnected(false);
    await setContractStatus({ id: completing.id, status: "completed" });
    await deleteContract({ id: deleting.id, deleteBranches: false });
    expect(await getDb().task.count({ where: { id: gone.id } })).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fs.existsSync(kept.worktreePath!)).toBe(true);
    expect(fs.existsSync(gone.worktreePath!)).toBe(true);
    expect(
      await getDb().worktreeCleanup.count({ where: { taskId: { in: [kept.id, gone.id] }, status: "pending" } }),
    ).toBe(2);

    daemon = startTestDaemon({ serverUrl: server.url, apiKey, dataDir: daemon.dataDir });
    await cleanupEvent(kept.id, "cleaned");
    await cleanupEvent(gone.id, "cleaned");
    expect(fs.existsSync(kept.worktreePath!)).toBe(false);
    expect(fs.existsSync(gone.worktreePath!)).toBe(false);
    // The deleted contract's task branch keeps its unsaved draft.
    expect(git(repo, "show", `${gone.branch}:draft.md`)).toBe("unsaved draft");
  });

  it("deleting a contract stops its running task first, then removes its worktree", async () => {
    const contract = await newContract("delete running");
    const running = await startTask(contract.id, "scenario:hang", "running");

    await deleteContract({ id: contract.id, deleteBranches: true });

    await cleanupEvent(running.id, "cleaned");
    expect(fs.existsSync(running.worktreePath!)).toBe(false);
    expect(git(repo, "branch", "--list", running.branch!)).toBe("");
  });

  it("refuses a clean-up result nobody asked this daemon for", async () => {
    const forged = { type: "cleanupWorktreeResult", taskId: "not-a-task", success: true, message: "done" };
    const answer = await getRuntime().cleanupContractWorktrees({
      contractId: "no-such-contract",
      deleteBranch: false,
      finishedOnly: true,
    });
    expect(answer).toEqual({ queued: [], skippedRunning: [], alreadyRemoved: [] });
    const socket = io(server.url + "/daemon", { transports: ["websocket"], forceNew: true });
    try {
      await socket.timeout(5000).emitWithAck("daemon:message", {
        type: "authenticate",
        apiKey,
        machineId: "forger",
        hostname: "forger",
        maxConcurrentTasks: 1,
        version: "test",
      });
      expect(await socket.timeout(5000).emitWithAck("daemon:message", forged)).toMatchObject({
        ok: false,
        error: "No clean-up of task not-a-task was asked of this daemon",
      });
    } finally {
      socket.close();
    }
  });
});
