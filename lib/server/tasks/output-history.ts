import "server-only";
import type { PrismaClient } from "../db/client";
import type { StoredLine, TaskHistoryPage } from "../../shared/protocol/ui";

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
    select: { seq: true, stream: true, line: true, jsonType: true, createdAt: true },
  });
  const lines = rows.slice(0, limit).map(
    (row): StoredLine => ({
      seq: row.seq,
      stream: row.stream,
      line: row.line,
      jsonType: row.jsonType,
      createdAt: row.createdAt.toISOString(),
    }),
  );
  return { lines, hasMore: rows.length > limit };
}
