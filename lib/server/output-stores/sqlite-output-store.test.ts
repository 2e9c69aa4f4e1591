import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type PrismaClient } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import type { StoredLine } from "../../shared/protocol/ui";
import { TaskGoneError } from "../output-store";
import { SqliteOutputStore } from "./sqlite-output-store";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "makima-output-store-"));
const file = path.join(dir, "makima.db");
let db: PrismaClient;
let store: SqliteOutputStore;
const taskIds: string[] = [];

beforeAll(async () => {
  migrateDatabase(`file:${file}`);
  db = createPrismaClient(`file:${file}`);
  const contract = await db.contract.create({ data: { name: "c", repository: "/tmp/repo" } });
  for (const name of ["a", "b", "c"])
    taskIds.push((await db.task.create({ data: { contractId: contract.id, name, plan: "p" } })).id);
  store = new SqliteOutputStore(db, file);
});

afterAll(async () => {
  await store.close();
  await db.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

const CREATED_AT = "2026-12-01T10:00:00.000Z";
const lines = (...seqs: number[]): StoredLine[] =>
  seqs.map((seq) => ({ seq, stream: "stdout", line: `line ${seq}`, jsonType: null, createdAt: CREATED_AT }));

describe("SqliteOutputStore", () => {
  it("stores each line once, with the createdAt it was given, and acks the highest seq", async () => {
    const [a, b] = taskIds;
    // Sent in one turn: written in one transaction, a replay overlapping the first batch included.
    const acks = await Promise.all([
      store.append(a, lines(1, 2)),
      store.append(b, lines(1)),
      store.append(a, lines(3, 1, 2)),
    ]);
    expect(acks).toEqual([3, 1, 3]);
    expect(await store.append(a, lines(2, 3))).toBe(3);
    expect(await store.highestStoredSeq(a)).toBe(3);
    expect(await store.highestStoredSeq(taskIds[2])).toBe(0);
    const rows = await db.taskOutput.findMany({ where: { taskId: a }, orderBy: { seq: "asc" } });
    expect(rows.map((row) => [row.seq, row.line, row.createdAt.toISOString()])).toEqual([
      [1, "line 1", CREATED_AT],
      [2, "line 2", CREATED_AT],
      [3, "line 3", CREATED_AT],
    ]);
  });

  it("reads history a page at a time, saying whether more follows", async () => {
    const [a] = taskIds;
    const first = await store.history(a, 0, 2);
    expect(first.lines.map((l) => l.seq)).toEqual([1, 2]);
    expect(first.hasMore).toBe(true);
    expect(first.lines[0]).toEqual({ seq: 1, stream: "stdout", line: "line 1", jsonType: null, createdAt: CREATED_AT });
    const rest = await store.history(a, 2, 2);
    expect(rest).toEqual({ lines: [expect.objectContaining({ seq: 3 })], hasMore: false });
  });

  it("fails only the task whose lines cannot be stored, a deleted one with TaskGoneError", async () => {
    const [a] = taskIds;
    const results = await Promise.allSettled([store.append("no-such-task", lines(1)), store.append(a, lines(4))]);
    expect(results[0]).toMatchObject({ status: "rejected", reason: expect.any(TaskGoneError) });
    expect(results[1]).toEqual({ status: "fulfilled", value: 4 });
  });

  it("waits, without blocking, while another connection holds the write lock", async () => {
    const [, b] = taskIds;
    const other = new Database(file);
    other.prepare("BEGIN IMMEDIATE").run();
    let stored = false;
    const append = store.append(b, lines(2));
    void append.then(() => (stored = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stored).toBe(false);
    // Nor is what is committed any different meanwhile.
    expect(await store.highestStoredSeq(b)).toBe(1);
    // Appends made meanwhile join the waiting ones: one transaction once the lock is free.
    const later = [store.append(b, lines(3)), store.append(b, lines(4, 5))];
    other.prepare("COMMIT").run();
    other.close();
    expect(await Promise.all([append, ...later])).toEqual([5, 5, 5]);
    expect((await store.history(b, 1, 10)).lines.map((line) => line.seq)).toEqual([2, 3, 4, 5]);
  });

  it("rejects a failed write and stores nothing of it; the same lines go in when sent again", async () => {
    const [, , c] = taskIds;
    const other = new Database(file);
    other.exec(`CREATE TRIGGER fail_seq_2 BEFORE INSERT ON TaskOutput WHEN NEW.seq = 2
                BEGIN SELECT RAISE(ABORT, 'no room for seq 2'); END`);
    await expect(store.append(c, lines(1, 2, 3))).rejects.toThrow("no room for seq 2");
    expect(await store.highestStoredSeq(c)).toBe(0);
    other.exec("DROP TRIGGER fail_seq_2");
    other.close();
    expect(await store.append(c, lines(1, 2, 3))).toBe(3);
    expect((await store.history(c, 0, 10)).lines.map((line) => line.seq)).toEqual([1, 2, 3]);
  });

  it("writes what is waiting before it closes", async () => {
    const [, b] = taskIds;
    const closing = new SqliteOutputStore(db, file);
    const append = closing.append(b, lines(6));
    await closing.close();
    expect(await append).toBe(6);
    await expect(closing.append(b, lines(7))).rejects.toThrow("closed");
    expect((await store.history(b, 0, 10)).lines.map((line) => line.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
