import { beforeEach, describe, expect, it, vi } from "vitest";
import { useTestDatabase } from "../../test/support/db";
import type { PrismaClient } from "./db/client";
import type { CommandAck, DaemonCommand } from "../shared/protocol/daemon";
import type { TaskCleanupEvent } from "../shared/protocol/ui";
import { WorktreeCleanups, type CleanupTransport } from "./worktree-cleanups";
import type { TaskStatus } from "../generated/prisma/enums";

const testDb = useTestDatabase("makima-cleanups-");
let db: PrismaClient;

/** A daemon that can be offline, and that answers clean-up commands as told. */
class FakeDaemons implements CleanupTransport {
  connected = new Set<string>();
  sent: DaemonCommand[] = [];
  answer: (command: DaemonCommand) => CommandAck = () => ({ ok: true });
  isConnected = (daemonId: string) => this.connected.has(daemonId);
  send = async (_daemonId: string, command: DaemonCommand) => {
    this.sent.push(command);
    return this.answer(command);
  };
}

let daemons: FakeDaemons;
let events: TaskCleanupEvent[];
let cleanups: WorktreeCleanups;
let daemonId: string;

beforeEach(async () => {
  db = testDb();
  cleanups?.close();
  daemons = new FakeDaemons();
  events = [];
  cleanups = new WorktreeCleanups(db, daemons, (event) => events.push(event));
  daemonId = (
    await db.daemon.create({ data: { machineId: crypto.randomUUID(), hostname: "h", version: "1", capacity: 2 } })
  ).id;
  daemons.connected.add(daemonId);
});

async function contractWith(...statuses: TaskStatus[]) {
  const contract = await db.contract.create({ data: { name: "c", repository: "/repo" } });
  const tasks = [];
  for (const status of statuses)
    tasks.push(await db.task.create({ data: { contractId: contract.id, name: "t", plan: "p", status, daemonId } }));
  return { contract, tasks };
}

const request = (contractId: string, finishedOnly: boolean) =>
  cleanups.requestForContract({ contractId, deleteBranch: false, finishedOnly });
const statusOf = async (taskId: string) => (await db.worktreeCleanup.findUniqueOrThrow({ where: { taskId } })).status;

describe("WorktreeCleanups", () => {
  it("sends a finished task's clean-up at once and records the daemon's answer", async () => {
    const { contract, tasks } = await contractWith("completed");
    await request(contract.id, true);
    expect(daemons.sent).toEqual([{ type: "cleanupWorktree", taskId: tasks[0].id, deleteBranch: false }]);
    expect(await statusOf(tasks[0].id)).toBe("sent");

    const known = await cleanups.resultReceived(daemonId, {
      type: "cleanupWorktreeResult",
      taskId: tasks[0].id,
      success: true,
      alreadyGone: false,
      message: "Worktree removed",
    });
    expect(known).toBe(true);
    expect(events.map((event) => event.status)).toEqual(["pending", "sent", "cleaned"]);
    expect(await statusOf(tasks[0].id)).toBe("cleaned");

    // A worktree known to be gone is not asked for again.
    expect(await request(contract.id, true)).toEqual({ queued: [], skippedRunning: [], alreadyRemoved: [tasks[0].id] });
    expect(daemons.sent).toHaveLength(1);
  });

  it("tells already gone and failed apart", async () => {
    const { contract, tasks } = await contractWith("failed", "interrupted");
    await request(contract.id, true);
    await cleanups.resultReceived(daemonId, {
      type: "cleanupWorktreeResult",
      taskId: tasks[0].id,
      success: true,
      alreadyGone: true,
      message: "Worktree already gone",
    });
    await cleanups.resultReceived(daemonId, {
      type: "cleanupWorktreeResult",
      taskId: tasks[1].id,
      success: false,
      alreadyGone: false,
      message: "Failed to remove worktree: busy",
    });
    expect(await statusOf(tasks[0].id)).toBe("already_gone");
    expect(await db.worktreeCleanup.findUniqueOrThrow({ where: { taskId: tasks[1].id } })).toMatchObject({
      status: "failed",
      message: "Failed to remove worktree: busy",
    });
  });

  it("leaves unfinished tasks alone when asked, and otherwise holds them until they end", async () => {
    const { contract, tasks } = await contractWith("running", "pending");
    expect(await request(contract.id, true)).toEqual({
      queued: [],
      skippedRunning: [tasks[0].id, tasks[1].id],
      alreadyRemoved: [],
    });
    expect(await db.worktreeCleanup.count({ where: { taskId: { in: tasks.map((task) => task.id) } } })).toBe(0);

    expect(await request(contract.id, false)).toEqual({
      queued: [tasks[0].id, tasks[1].id],
      skippedRunning: [],
      alreadyRemoved: [],
    });
    expect(daemons.sent).toEqual([]);
    expect(await statusOf(tasks[0].id)).toBe("pending");

    await db.task.update({ where: { id: tasks[0].id }, data: { status: "completed" } });
    await cleanups.taskEnded(tasks[0].id);
    expect(daemons.sent.map((command) => "taskId" in command && command.taskId)).toEqual([tasks[0].id]);
  });

  it("holds a clean-up while the daemon is offline, then sends it (and resends an unanswered one) when it is back", async () => {
    const { contract, tasks } = await contractWith("completed", "completed");
    daemons.connected.delete(daemonId);
    await request(contract.id, false);
    expect(daemons.sent).toEqual([]);

    daemons.connected.add(daemonId);
    await cleanups.flush(daemonId);
    expect(daemons.sent).toHaveLength(2);
    await cleanups.resultReceived(daemonId, {
      type: "cleanupWorktreeResult",
      taskId: tasks[0].id,
      success: true,
      alreadyGone: false,
      message: "ok",
    });

    await cleanups.flush(daemonId);
    expect(daemons.sent.slice(2).map((command) => "taskId" in command && command.taskId)).toEqual([tasks[1].id]);
  });

  it("sends a deleted task's clean-up, and retries a refusal more slowly each time", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const { contract, tasks } = await contractWith("completed");
      daemons.answer = () => ({ ok: false, error: "The task is still running: its worktree is kept" });
      await request(contract.id, false);
      await db.contract.delete({ where: { id: contract.id } });
      expect(await db.worktreeCleanup.findUniqueOrThrow({ where: { taskId: tasks[0].id } })).toMatchObject({
        status: "pending",
        message: "The task is still running: its worktree is kept",
      });

      await vi.advanceTimersByTimeAsync(2_000);
      expect(daemons.sent).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(2_000);
      expect(daemons.sent).toHaveLength(2);
      daemons.answer = () => ({ ok: true });
      await vi.advanceTimersByTimeAsync(2_000);
      expect(daemons.sent).toHaveLength(3);
      expect(await statusOf(tasks[0].id)).toBe("sent");
    } finally {
      vi.useRealTimers();
    }
  });

  it("answers false for a result nobody asked this daemon for, and drops waiting requests of a reopened contract", async () => {
    const { contract, tasks } = await contractWith("running");
    expect(
      await cleanups.resultReceived(daemonId, {
        type: "cleanupWorktreeResult",
        taskId: tasks[0].id,
        success: true,
        alreadyGone: false,
        message: "?",
      }),
    ).toBe(false);
    await request(contract.id, false);
    expect(
      await cleanups.resultReceived("another-daemon", {
        type: "cleanupWorktreeResult",
        taskId: tasks[0].id,
        success: true,
        alreadyGone: false,
        message: "?",
      }),
    ).toBe(false);

    await cleanups.cancelPending(contract.id);
    expect(await db.worktreeCleanup.count({ where: { taskId: tasks[0].id } })).toBe(0);
  });
});
