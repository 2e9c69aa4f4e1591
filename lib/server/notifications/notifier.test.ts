import { beforeEach, describe, expect, it, vi } from "vitest";
import { useTestDatabase } from "../../../test/support/db";
import type { PrismaClient } from "../db/client";
import type { NotificationEvent } from "../../shared/protocol/ui";
import { createAccount } from "../auth/accounts";
import { Notifier } from "./notifier";
import type { NotificationKind, TaskStatus } from "../../generated/prisma/enums";

const testDb = useTestDatabase("makima-notifications-");
let db: PrismaClient;
let created: NotificationEvent[];
let dismissed: [string[], string | null][];
let notifier: Notifier;

beforeEach(async () => {
  db = testDb();
  notifier?.close();
  await db.notification.deleteMany();
  await db.user.deleteMany();
  created = [];
  dismissed = [];
  notifier = new Notifier(db, {
    created: (event) => created.push(event),
    dismissed: (ids, userId) => dismissed.push([ids, userId]),
  });
});

async function endedTask(status: TaskStatus, options: { autonomousLoop?: boolean; breakerLine?: boolean } = {}) {
  const contract = await db.contract.create({ data: { name: "c", repository: "/r" } });
  const task = await db.task.create({
    data: {
      contractId: contract.id,
      name: "Fix the bug",
      plan: "p",
      status,
      autonomousLoop: options.autonomousLoop ?? false,
      error: status === "completed" ? null : "why",
    },
  });
  if (options.breakerLine) {
    await db.taskOutput.create({
      data: { taskId: task.id, seq: 1, stream: "system", line: "{}", jsonType: "loop.breaker" },
    });
  }
  return task;
}

describe("Notifier", () => {
  it.each<[TaskStatus, { autonomousLoop?: boolean; breakerLine?: boolean }, NotificationKind, string]>([
    ["completed", {}, "task_completed", "Task completed: Fix the bug"],
    ["failed", {}, "task_failed", "Task failed: Fix the bug"],
    ["failed", { autonomousLoop: true }, "task_failed", "Task failed: Fix the bug"],
    [
      "failed",
      { autonomousLoop: true, breakerLine: true },
      "loop_breaker_tripped",
      "Circuit breaker tripped: Fix the bug",
    ],
    [
      "iteration_limit_reached",
      { autonomousLoop: true, breakerLine: true },
      "iteration_limit_reached",
      "Iteration limit reached: Fix the bug",
    ],
  ])("tells a task that ended %s %j as %s", async (status, options, kind, title) => {
    const task = await endedTask(status, options);
    await notifier.taskEnded(task);
    expect(created).toEqual([expect.objectContaining({ kind, title, taskId: task.id, contractId: task.contractId })]);
    expect(await db.notification.count({ where: { kind, taskId: task.id } })).toBe(1);
  });

  it("says nothing of an interrupted task", async () => {
    await notifier.taskEnded(await endedTask("interrupted"));
    expect(created).toEqual([]);
  });

  it("dismisses for everyone, once, and tells every browser which", async () => {
    const a = await notifier.notify({ kind: "task_completed", title: "a" });
    const b = await notifier.notify({ kind: "task_failed", title: "b" });
    expect(await notifier.dismiss([a.id])).toEqual([a.id]);
    expect(await notifier.dismiss([a.id])).toEqual([]);
    expect(dismissed).toEqual([[[a.id], null]]);
    expect(await db.notification.count({ where: { dismissedAt: null } })).toBe(1);
    expect(b.id).toBeTruthy();
  });

  it("dismisses for one person only, one or all, once, and tells that person's browsers which", async () => {
    const ada = await createAccount(db, { email: "ada@makima.test", role: "viewer" });
    const bob = await createAccount(db, { email: "bob@makima.test", role: "member" });
    const a = await notifier.notify({ kind: "task_completed", title: "a" });
    const b = await notifier.notify({ kind: "task_failed", title: "b" });
    const c = await notifier.notify({ kind: "task_failed", title: "c" });
    expect(await notifier.dismissFor(ada.id, [a.id])).toEqual([a.id]);
    expect(await notifier.dismissFor(ada.id, [a.id])).toEqual([]);
    expect((await notifier.dismissFor(ada.id, "all")).sort()).toEqual([b.id, c.id].sort());
    expect(dismissed).toEqual([
      [[a.id], ada.id],
      [expect.arrayContaining([b.id, c.id]), ada.id],
    ]);
    // Bob's panel is untouched, and nothing was dismissed for everyone.
    expect(
      await db.notification.count({ where: { dismissedAt: null, dismissals: { none: { userId: bob.id } } } }),
    ).toBe(3);
    expect(
      await db.notification.count({ where: { dismissedAt: null, dismissals: { none: { userId: ada.id } } } }),
    ).toBe(0);
    // Two tabs dismissing the same notice at once.
    const both = await Promise.all([notifier.dismissFor(bob.id, [a.id]), notifier.dismissFor(bob.id, [a.id])]);
    expect(both.flat()).toContain(a.id);
    expect(await db.notificationDismissal.count({ where: { userId: bob.id } })).toBe(1);
  });

  it("tells a daemon's disconnect only after a few seconds away, and its return only then", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const daemon = { id: "d1", hostname: "worker-1" };
      notifier.daemonDisconnected(daemon);
      await vi.advanceTimersByTimeAsync(2_000);
      await notifier.daemonConnected(daemon);
      await vi.advanceTimersByTimeAsync(10_000);
      expect(created).toEqual([]);

      notifier.daemonDisconnected(daemon);
      await vi.advanceTimersByTimeAsync(5_000);
      await vi.waitFor(() => expect(created.map((event) => event.kind)).toEqual(["daemon_disconnected"]));
      await notifier.daemonConnected(daemon);
      expect(created.map((event) => event.title)).toEqual(["Daemon worker-1 disconnected", "Daemon worker-1 is back"]);
      await notifier.daemonConnected(daemon);
      expect(created).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
