import "server-only";
import type { PrismaClient } from "../db/client";
import type { StoredLine, TaskHistoryPage } from "../../shared/protocol/ui";

const SELECTED = { seq: true, stream: true, line: true, jsonType: true, createdAt: true } as const;

type Row = { seq: number; stream: StoredLine["stream"]; line: string; jsonType: string | null; createdAt: Date };

const stored = (row: Row): StoredLine => ({
  seq: row.seq,
  stream: row.stream,
  line: row.line,
  jsonType: row.jsonType,
  createdAt: row.createdAt.toISOString(),
});

/**
 * The one read of a task's stored output: up to `limit` lines after `afterSeq`, in seq order, and whether more
 * follow. The browser's history pages (`UiHub` through `OutputStore.history`) and `GET /api/v1/tasks/:id/output`
 * both read it here. It takes the Prisma client because Next's bundle and the custom server each load their own
 * copy of `lib/`; the OutputStore's raw connection is for its writes only.
 */
export async function readOutputPage(
  db: PrismaClient,
  taskId: string,
  afterSeq: number,
  limit: number,
): Promise<TaskHistoryPage> {
  const rows = await db.taskOutput.findMany({
    where: { taskId, seq: { gt: afterSeq } },
    orderBy: { seq: "asc" },
    take: limit + 1,
    select: SELECTED,
  });
  return { lines: rows.slice(0, limit).map(stored), hasMore: rows.length > limit };
}

/**
 * The same read backwards: the newest `limit` lines below `beforeSeq` (all the way to the end when null) and above
 * `afterSeq`, still in seq order, and whether older ones (above `afterSeq`) precede them. A task view opens on its
 * newest page this way and loads the pages above it as the reader scrolls back; nothing newer than the page follows
 * it at the time of the read (`hasMore` false).
 */
export async function readOutputPageBefore(
  db: PrismaClient,
  taskId: string,
  beforeSeq: number | null,
  limit: number,
  afterSeq = 0,
): Promise<TaskHistoryPage> {
  const rows = await db.taskOutput.findMany({
    where: { taskId, seq: beforeSeq === null ? { gt: afterSeq } : { gt: afterSeq, lt: beforeSeq } },
    orderBy: { seq: "desc" },
    take: limit + 1,
    select: SELECTED,
  });
  return { lines: rows.slice(0, limit).reverse().map(stored), hasMore: false, hasEarlier: rows.length > limit };
}

/** A forward read of a task's lines (`LiveOutput.history`: the store's, then what is published and not yet stored). */
export type HistoryReader = (taskId: string, afterSeq: number, limit: number) => Promise<TaskHistoryPage>;

/**
 * The task's newest page (`readOutputPageBefore` to the end), then what `newer` has after its last line: lines stored
 * since, and lines already sent to browsers but not yet committed, which a browser subscribing just then would
 * otherwise miss until its next live line. `hasMore` when more of those follow than one page holds.
 */
export async function readNewestPage(
  db: PrismaClient,
  newer: HistoryReader,
  taskId: string,
  limit: number,
  afterSeq = 0,
): Promise<TaskHistoryPage> {
  const page = await readOutputPageBefore(db, taskId, null, limit, afterSeq);
  const lastSeq = page.lines.at(-1)?.seq ?? afterSeq;
  const after = await newer(taskId, lastSeq, limit);
  const lines = page.lines.concat(after.lines.filter((line) => line.seq > lastSeq));
  return { lines, hasMore: after.hasMore, hasEarlier: page.hasEarlier };
}
