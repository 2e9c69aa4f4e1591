import { z } from "zod";
import { accessibleTask } from "@/lib/api/task-access";
import { getDb } from "@/lib/db/client";
import { gatedRoute } from "@/lib/server/gate";

export const dynamic = "force-dynamic";

const OutputPage = z.object({
  afterSeq: z.coerce.number({ error: "afterSeq must be a number" }).int().nonnegative().default(0),
  limit: z.coerce.number({ error: "limit must be a number" }).int().min(1).max(5000).default(1000),
});

/**
 * GET `?afterSeq=&limit=` a page of the task's output lines in seq order: `{ lines, nextSeq, hasMore, status }`.
 * Ask again with `afterSeq=nextSeq` to follow it.
 */
export const GET = gatedRoute<typeof OutputPage, { id: string }>({
  role: "viewer",
  taskKeys: true,
  input: OutputPage,
  run: async ({ afterSeq, limit }, { actor, params }) => {
    const task = await accessibleTask(actor, params.id);
    const rows = await getDb().taskOutput.findMany({
      where: { taskId: task.id, seq: { gt: afterSeq } },
      orderBy: { seq: "asc" },
      take: limit + 1,
      select: { seq: true, stream: true, line: true, jsonType: true, createdAt: true },
    });
    const lines = rows.slice(0, limit).map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
    return { lines, nextSeq: lines.at(-1)?.seq ?? afterSeq, hasMore: rows.length > limit, status: task.status };
  },
});
