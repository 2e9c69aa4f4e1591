import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type PrismaClient } from "./db/client";
import { migrateDatabase } from "./db/migrate";
import type { OutputLine } from "../shared/protocol/daemon";
import type { StoredLine } from "../shared/protocol/ui";
import { OutputStore } from "./output-store";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "makima-output-store-"));
const file = path.join(dir, "makima.db");
let db: PrismaClient;
let store: OutputStore;
const published: Array<[string, number[]]> = [];
const taskIds: string[] = [];

beforeAll(async () => {
  migrateDatabase(`file:${file}`);
  db = createPrismaClient(`file:${file}`);
  const contract = await db.contract.create({ data: { name: "c", repository: "/tmp/repo" } });
  for (const name of ["a", "b"])
    taskIds.push((await db.task.create({ data: { contractId: contract.id, name, plan: "p" } })).id);
  store = new OutputStore(db, file, (taskId, lines: StoredLine[]) => published.push([taskId, lines.map((l) => l.seq)]));
});

afterAll(async () => {
  store.close();
  await db.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

const lines = (...seqs: number[]): OutputLine[] =>
  seqs.map((seq) => ({ seq, stream: "stdout", line: `line ${seq}`, jsonType: null }));

describe("OutputStore", () => {
  it("stores each line once, acks the highest seq, and publishes only new lines in order", async () => {
    const [a, b] = taskIds;
    // Sent in one turn: written in one transaction, a replay overlapping the first batch included.
    const acks = await Promise.all([
      store.append(a, lines(1, 2)),
      store.append(b, lines(1)),
      store.append(a, lines(3, 1, 2)),
    ]);
    expect(acks).toEqual([3, 1, 3]);
    expect(await store.append(a, lines(2, 3))).toBe(3);
    expect(published).toEqual([
      [a, [1, 2, 3]],
      [b, [1]],
    ]);
    expect((await store.history(a, 0, 10)).lines.map((l) => l.seq)).toEqual([1, 2, 3]);
  });

  it("reads history a page at a time, saying whether more follows", async () => {
    const [a] = taskIds;
    const first = await store.history(a, 0, 2);
    expect(first.lines.map((l) => l.seq)).toEqual([1, 2]);
    expect(first.hasMore).toBe(true);
    expect(first.lines[0]).toEqual({
      seq: 1,
      stream: "stdout",
      line: "line 1",
      jsonType: null,
      createdAt: expect.any(String),
    });
    expect(new Date(first.lines[0].createdAt).toISOString()).toBe(first.lines[0].createdAt);
    const rest = await store.history(a, 2, 2);
    expect(rest).toEqual({ lines: [expect.objectContaining({ seq: 3 })], hasMore: false });
  });

  it("fails only the task whose lines cannot be stored", async () => {
    const [a] = taskIds;
    const results = await Promise.allSettled([store.append("no-such-task", lines(1)), store.append(a, lines(4))]);
    expect(results[0].status).toBe("rejected");
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
    other.prepare("COMMIT").run();
    other.close();
    expect(await append).toBe(2);
  });
});
