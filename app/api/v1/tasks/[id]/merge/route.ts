import type { MergeErrorAnswer } from "@/lib/shared/api/schemas";
import { accessibleTask } from "@/lib/server/api/task-access";
import { recordAudit } from "@/lib/server/audit";
import { gatedRoute } from "@/lib/server/gate";
import { inspectionStatus, mergeTask } from "@/lib/server/tasks/inspect-task";
import { API } from "@/lib/shared/api/routes";

export const dynamic = "force-dynamic";

/**
 * POST `{ to?, squash? }` to merge the finished task's branch into `to` (default: the contract's target branch):
 * `{ merge }` when merged or nothing was left to merge; 409 `{ error, merge }` on a conflict (nothing is changed).
 */
export const POST = gatedRoute<typeof API.mergeTask.input, { id: string }, typeof API.mergeTask.output>({
  ...API.mergeTask,
  run: async ({ to, squash }, { actor, params }) => {
    const task = await accessibleTask(actor, params.id);
    const reply = await mergeTask(task.id, { targetBranch: to, squash });
    if (!reply.ok)
      return Response.json({ error: reply.error } satisfies MergeErrorAnswer, {
        status: inspectionStatus(reply.error),
      });
    const { merge } = reply;
    await recordAudit(actor, {
      action: "task.merge",
      targetType: "task",
      targetId: task.id,
      summary: `Merge of task “${task.name}”: ${merge.outcome}`,
    });
    if (merge.outcome === "conflict")
      return Response.json({ error: merge.message, merge } satisfies MergeErrorAnswer, { status: 409 });
    if (merge.outcome === "failed")
      return Response.json({ error: merge.message, merge } satisfies MergeErrorAnswer, { status: 422 });
    return { merge };
  },
});
