import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enumColumns, refusal, SCHEMA_PATH, triggerName } from "../../../scripts/enum-triggers.mjs";
import * as vocabulary from "../../generated/prisma/enums";
import { createPrismaClient, type PrismaClient } from "./client";
import { migrateDatabase } from "./migrate";

/**
 * Every status and kind is an enum of prisma/schema.prisma; SQLite stores them as text, so triggers refuse any other
 * value — also from raw SQL, which the output store writes with.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "makima-vocabulary-"));
const file = path.join(dir, "makima.db");
const columns = enumColumns(fs.readFileSync(SCHEMA_PATH, "utf8"));
let db: PrismaClient;
let sqlite: Database.Database;

beforeAll(async () => {
  migrateDatabase(`file:${file}`);
  db = createPrismaClient(`file:${file}`);
  // One row in every table with an enum column, made through Prisma.
  const user = await db.user.create({ data: { id: "u1", name: "Ada", email: "ada@makima.test" } });
  const contract = await db.contract.create({ data: { name: "c", repository: "/r" } });
  const daemon = await db.daemon.create({ data: { machineId: "m", hostname: "h", version: "1", capacity: 1 } });
  const task = await db.task.create({ data: { contractId: contract.id, name: "t", plan: "p", createdById: user.id } });
  await db.taskOutput.create({ data: { taskId: task.id, seq: 1, stream: "stdout", line: "x" } });
  await db.daemonLogin.create({ data: { daemonId: daemon.id } });
  await db.worktreeCleanup.create({ data: { taskId: task.id, contractId: contract.id, daemonId: daemon.id } });
  await db.notification.create({ data: { kind: "task_failed", title: "t" } });
  await db.apiKey.create({ data: { name: "k", hash: "h", prefix: "mk_", scope: "cli", userId: user.id } });
  await db.approvalRequest.create({
    data: { taskId: task.id, requestId: "r1", kind: "tool", toolName: "Bash", input: "{}" },
  });
  sqlite = new Database(file);
});

afterAll(async () => {
  sqlite.close();
  await db.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the vocabulary", () => {
  it("has an enum column for every status and kind, each enum exported for lib/'s zod enums", () => {
    expect(columns.map((column) => `${column.model}.${column.field}`).sort()).toEqual(
      [
        "ApiKey.scope",
        "ApprovalRequest.kind",
        "ApprovalRequest.status",
        "Contract.completionAction",
        "Contract.permissionMode",
        "Contract.status",
        "DaemonLogin.status",
        "Daemon.status",
        "Notification.kind",
        "Task.completionOutcome",
        "Task.permissionMode",
        "Task.status",
        "TaskOutput.stream",
        "User.role",
        "WorktreeCleanup.status",
      ].sort(),
    );
    for (const column of columns)
      expect(Object.values(vocabulary).map((e) => Object.values(e).join())).toContain(column.values.join());
  });

  it("gives every enum column its insert and update triggers (a new enum column needs a migration: scripts/enum-triggers.mjs)", () => {
    const triggers = new Set(
      (sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger'`).all() as { name: string }[]).map(
        (t) => t.name,
      ),
    );
    for (const column of columns) {
      expect(triggers, `${column.model}.${column.field}`).toContain(triggerName(column, "insert"));
      expect(triggers, `${column.model}.${column.field}`).toContain(triggerName(column, "update"));
    }
  });

  it.each(columns.map((column) => [`${column.model}.${column.field}`, column] as const))(
    "%s refuses a value outside its enum, on update and on insert, by raw SQL; takes each of its values",
    (_name, column) => {
      const table = `"${column.model}"`;
      const field = `"${column.field}"`;
      const row = sqlite.prepare(`SELECT rowid AS rowid, ${field} AS value FROM ${table} LIMIT 1`).get() as {
        rowid: number;
        value: string;
      };
      expect(() =>
        sqlite.prepare(`UPDATE ${table} SET ${field} = 'not_a_value' WHERE rowid = ?`).run(row.rowid),
      ).toThrow(refusal(column));

      // A copy of the row with the bad value: the trigger refuses it before any other constraint is looked at.
      const names = (sqlite.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map(
        (c) => `"${c.name}"`,
      );
      const copy = names.map((name) => (name === field ? `'not_a_value'` : name)).join(", ");
      expect(() =>
        sqlite
          .prepare(`INSERT INTO ${table} (${names.join(", ")}) SELECT ${copy} FROM ${table} WHERE rowid = ?`)
          .run(row.rowid),
      ).toThrow(refusal(column));

      for (const value of column.values)
        sqlite.prepare(`UPDATE ${table} SET ${field} = ? WHERE rowid = ?`).run(value, row.rowid);
      if (column.nullable) sqlite.prepare(`UPDATE ${table} SET ${field} = NULL WHERE rowid = ?`).run(row.rowid);
      sqlite.prepare(`UPDATE ${table} SET ${field} = ? WHERE rowid = ?`).run(row.value ?? column.values[0], row.rowid);
    },
  );
});
