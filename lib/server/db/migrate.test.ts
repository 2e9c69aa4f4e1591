import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient, type PrismaClient } from "./client";
import { MIGRATIONS_DIR, migrateDatabase } from "./migrate";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "makima-migrate-"));
const url = `file:${path.join(dir, "nested", "makima.db")}`;
let db: PrismaClient | undefined;

afterAll(async () => {
  await db?.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("migrateDatabase", () => {
  it("creates the file and applies every migration once, recorded as Prisma records them", () => {
    const names = fs
      .readdirSync(MIGRATIONS_DIR)
      .filter((n) => fs.existsSync(path.join(MIGRATIONS_DIR, n, "migration.sql")));
    expect(migrateDatabase(url)).toEqual({ applied: names.sort(), alreadyApplied: 0 });
    expect(migrateDatabase(url)).toEqual({ applied: [], alreadyApplied: names.length });

    const sqlite = new Database(path.join(dir, "nested", "makima.db"), { readonly: true });
    const rows = sqlite
      .prepare("SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations")
      .all() as {
      migration_name: string;
      checksum: string;
      finished_at: string | null;
      applied_steps_count: number;
    }[];
    sqlite.close();
    for (const row of rows) {
      const sql = fs.readFileSync(path.join(MIGRATIONS_DIR, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(row.finished_at).not.toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it("rolls back a migration that fails, leaving it pending", () => {
    const broken = fs.mkdtempSync(path.join(os.tmpdir(), "makima-broken-"));
    fs.mkdirSync(path.join(broken, "20260101000000_bad"));
    fs.writeFileSync(
      path.join(broken, "20260101000000_bad", "migration.sql"),
      "CREATE TABLE ok (id INTEGER);\nNOT SQL;",
    );
    const brokenUrl = `file:${path.join(broken, "db.sqlite")}`;
    expect(() => migrateDatabase(brokenUrl, broken)).toThrow();
    const sqlite = new Database(path.join(broken, "db.sqlite"));
    expect(sqlite.prepare("SELECT name FROM sqlite_master WHERE name = 'ok'").get()).toBeUndefined();
    sqlite.close();
  });
});

describe("the migrated database matches schema.prisma", () => {
  it("creates, reads and updates every model, every field, through the generated client", async () => {
    db = createPrismaClient(url);
    const contract = await db.contract.create({
      data: {
        name: "c",
        description: "d",
        repository: "/repo",
        baseBranch: "dev",
        targetBranch: "release",
        status: "active",
        autonomousLoop: true,
        maxIterations: 7,
        completionAction: "merge",
      },
    });
    expect(contract).toMatchObject({
      autonomousLoop: true,
      maxIterations: 7,
      targetBranch: "release",
      completionAction: "merge",
    });

    const daemon = await db.daemon.create({ data: { machineId: "m1", hostname: "h", version: "1", capacity: 3 } });
    const parent = await db.task.create({ data: { contractId: contract.id, name: "parent", plan: "p" } });
    const task = await db.task.create({
      data: {
        contractId: contract.id,
        parentTaskId: parent.id,
        depth: 1,
        name: "t",
        plan: "p",
        status: "running",
        isSupervisor: true,
        autonomousLoop: true,
        iteration: 2,
        daemonId: daemon.id,
        worktreePath: "/wt",
        branch: "makima/x",
        claudeSessionId: "s",
        exitCode: 0,
        error: "e",
        costUsd: 1.25,
        inputTokens: 10,
        outputTokens: 20,
        numTurns: 3,
        durationMs: 400,
        worktreeBytes: 5_000_000_000,
        completionOutcome: "conflict",
        completionMessage: "Merge conflict in 1 file",
        startedAt: new Date(),
        completedAt: new Date(),
      },
    });
    const read = await db.task.findUniqueOrThrow({
      where: { id: task.id },
      include: { parentTask: true, daemon: true, contract: true },
    });
    expect(read).toMatchObject({
      worktreeBytes: 5_000_000_000,
      completionOutcome: "conflict",
      costUsd: 1.25,
      parentTask: { id: parent.id },
      daemon: { id: daemon.id },
      contract: { id: contract.id },
    });

    await db.taskOutput.createMany({
      data: [
        { taskId: task.id, seq: 1, stream: "stdout", line: "{}", jsonType: "system" },
        { taskId: task.id, seq: 2, stream: "stderr", line: "oops" },
      ],
    });
    await expect(
      db.taskOutput.create({ data: { taskId: task.id, seq: 1, stream: "stdout", line: "dup" } }),
    ).rejects.toThrow();
    const notification = await db.notification.create({
      data: {
        kind: "task_failed",
        title: "t",
        body: "b",
        taskId: task.id,
        contractId: contract.id,
        daemonId: daemon.id,
        loginUrl: "https://x",
      },
    });
    const key = await db.apiKey.create({
      data: { name: "k", hash: "abc", prefix: "mk_", scope: "task", contractId: contract.id, taskId: task.id },
    });
    expect(key).not.toHaveProperty("hash");
    const cleanup = await db.worktreeCleanup.create({
      data: { taskId: task.id, contractId: contract.id, daemonId: daemon.id, deleteBranch: true },
    });
    expect(cleanup).toMatchObject({ status: "pending", message: null, deleteBranch: true });
    await expect(
      db.worktreeCleanup.create({ data: { taskId: task.id, contractId: contract.id, daemonId: daemon.id } }),
    ).rejects.toThrow();
    const login = await db.daemonLogin.create({
      data: {
        daemonId: daemon.id,
        taskId: task.id,
        loginUrl: "https://claude.ai/oauth/authorize?x",
        message: "paste the code",
      },
    });
    expect(login).toMatchObject({ status: "waiting" });
    const orphan = await db.orphanWorktree.create({
      data: { daemonId: daemon.id, path: "/wt/old", branch: "makima/old", sizeBytes: 1024 },
    });
    await expect(
      db.orphanWorktree.create({ data: { daemonId: daemon.id, path: "/wt/old", sizeBytes: 1 } }),
    ).rejects.toThrow();
    const report = await db.contractReport.create({
      data: { contractId: contract.id, taskId: task.id, progress: "2 of 3 merged" },
    });
    const parentReport = await db.contractReport.create({
      data: { contractId: contract.id, taskId: parent.id, progress: "started" },
    });

    await db.contract.update({ where: { id: contract.id }, data: { status: "completed" } });
    await db.task.update({ where: { id: task.id }, data: { status: "completed" } });
    await db.taskOutput.updateMany({ where: { taskId: task.id }, data: { jsonType: "x" } });
    await db.daemon.update({ where: { id: daemon.id }, data: { status: "disconnected", disconnectedAt: new Date() } });
    await db.notification.update({ where: { id: notification.id }, data: { dismissedAt: new Date() } });
    await db.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date(), lastUsedAt: new Date() } });
    await db.worktreeCleanup.update({
      where: { taskId: task.id },
      data: { status: "cleaned", message: "Worktree removed" },
    });
    await db.orphanWorktree.update({ where: { id: orphan.id }, data: { sizeBytes: 2048 } });
    await db.daemonLogin.update({ where: { id: login.id }, data: { status: "succeeded", message: "Logged in" } });
    await db.contractReport.update({ where: { id: report.id }, data: { progress: "3 of 3 merged" } });
    // A report outlives its task (unlinked), not its contract.
    await db.task.delete({ where: { id: parent.id } });
    expect(await db.contractReport.findUniqueOrThrow({ where: { id: parentReport.id } })).toMatchObject({
      taskId: null,
    });
    expect(
      await db.contractReport.findUniqueOrThrow({ where: { id: report.id }, include: { task: true } }),
    ).toMatchObject({ progress: "3 of 3 merged", task: { id: task.id } });

    expect(await db.taskOutput.count({ where: { taskId: task.id, jsonType: "x" } })).toBe(2);
    expect((await db.daemon.findUniqueOrThrow({ where: { id: daemon.id } })).status).toBe("disconnected");
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: key.id }, omit: { hash: false } })).hash).toBe("abc");

    // Deleting the contract takes its tasks, output and keys with it; notifications stay, unlinked.
    await db.contract.delete({ where: { id: contract.id } });
    expect(await db.task.count()).toBe(0);
    expect(await db.taskOutput.count()).toBe(0);
    expect(await db.apiKey.count()).toBe(0);
    expect(await db.contractReport.count()).toBe(0);
    expect(await db.notification.findUniqueOrThrow({ where: { id: notification.id } })).toMatchObject({
      taskId: null,
      contractId: null,
    });
    // A clean-up request outlives its task; it goes with its daemon, like the daemon's orphan list.
    expect(await db.worktreeCleanup.findUniqueOrThrow({ where: { taskId: task.id } })).toMatchObject({
      status: "cleaned",
    });
    expect(await db.orphanWorktree.findUniqueOrThrow({ where: { id: orphan.id } })).toMatchObject({ sizeBytes: 2048 });
    expect(await db.daemonLogin.findUniqueOrThrow({ where: { id: login.id } })).toMatchObject({
      status: "succeeded",
      taskId: null,
    });
    await db.daemon.delete({ where: { id: daemon.id } });
    expect(await db.worktreeCleanup.count()).toBe(0);
    expect(await db.orphanWorktree.count()).toBe(0);
    expect(await db.daemonLogin.count()).toBe(0);
  });

  it("holds Makima's own account models: a task's and a key's person, settings, the audit log, per-person dismissals", async () => {
    db ??= createPrismaClient(url);
    const user = await db.user.create({ data: { id: "u1", name: "Ada", email: "ada@makima.test", role: "admin" } });
    expect(user).toMatchObject({ emailVerified: false, image: null, disabledAt: null, role: "admin" });
    const contract = await db.contract.create({ data: { name: "c", repository: "/r" } });
    const task = await db.task.create({
      data: { contractId: contract.id, name: "t", plan: "p", createdById: user.id },
    });
    const key = await db.apiKey.create({
      data: { name: "k", hash: "h1", prefix: "mk_", scope: "cli", userId: user.id },
    });
    await db.serverSetting.create({ data: { key: "auth_secret", value: "s" } });
    await expect(db.serverSetting.create({ data: { key: "auth_secret", value: "again" } })).rejects.toThrow();
    const event = await db.auditEvent.create({
      data: {
        actorId: user.id,
        actorLabel: "ada@makima.test",
        action: "task.create",
        targetType: "task",
        targetId: task.id,
        summary: "Started",
        ipAddress: "127.0.0.1",
      },
    });
    const notification = await db.notification.create({ data: { kind: "task_failed", title: "t" } });
    await db.notificationDismissal.create({ data: { notificationId: notification.id, userId: user.id } });
    await expect(
      db.notificationDismissal.create({ data: { notificationId: notification.id, userId: user.id } }),
    ).rejects.toThrow();

    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date(), role: "member" } });
    await db.serverSetting.update({ where: { key: "auth_secret" }, data: { value: "s2" } });
    expect(await db.task.findUniqueOrThrow({ where: { id: task.id }, include: { createdBy: true } })).toMatchObject({
      createdBy: { role: "member" },
    });
    expect(
      await db.notification.findUniqueOrThrow({ where: { id: notification.id }, include: { dismissals: true } }),
    ).toMatchObject({
      dismissals: [{ userId: user.id }],
    });

    // Deleting a person takes their keys and dismissals; their tasks stay, and the audit log keeps who it was.
    await db.user.delete({ where: { id: user.id } });
    expect(await db.apiKey.findUnique({ where: { id: key.id } })).toBeNull();
    expect(await db.notificationDismissal.count()).toBe(0);
    expect(await db.task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ createdById: null });
    expect(await db.auditEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({
      actorId: null,
      actorLabel: "ada@makima.test",
    });
  });
});
