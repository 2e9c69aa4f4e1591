import { accessibleTask } from "@/lib/server/api/task-access";
import { getDb } from "@/lib/server/db/client";
import { gatedRoute } from "@/lib/server/gate";
import { readOutputPage } from "@/lib/server/tasks/output-history";
import { API } from "@/lib/shared/api/routes";

export const dynamic = "force-dynamic";

/**
 * GET `?afterSeq=&limit=` a page of the task's output lines in seq order: `{ lines, nextSeq, hasMore, status }`.
 * Ask again with `afterSeq=nextSeq` to follow it.
 */
export const GET = gatedRoute<typeof API.getTaskOutput.input, { id: string }, typeof API.getTaskOutput.output>({
  ...API.getTaskOutput,
  run: async ({ afterSeq, limit }, { actor, params }) => {
    const task = await accessibleTask(actor, params.id);
    const { lines, hasMore } = await readOutputPage(getDb(), task.id, afterSeq, limit);
    return { lines, nextSeq: lines.at(-1)?.seq ?? afterSeq, hasMore, status: task.status };
  },
});
