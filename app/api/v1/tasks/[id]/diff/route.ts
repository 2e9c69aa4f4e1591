import { ApiErrorAnswer } from "@/lib/shared/api/schemas";
import { accessibleTask } from "@/lib/server/api/task-access";
import { gatedRoute } from "@/lib/server/gate";
import { getTaskDiff, inspectionStatus } from "@/lib/server/tasks/inspect-task";
import { API } from "@/lib/shared/api/routes";

export const dynamic = "force-dynamic";

/** GET the task's changes against its base branch (committed and uncommitted): `{ diff }`. */
export const GET = gatedRoute<typeof API.getTaskDiff.input, { id: string }, typeof API.getTaskDiff.output>({
  ...API.getTaskDiff,
  run: async (_input, { actor, params }) => {
    const task = await accessibleTask(actor, params.id);
    const reply = await getTaskDiff(task.id);
    if (!reply.ok)
      return Response.json({ error: reply.error } satisfies ApiErrorAnswer, { status: inspectionStatus(reply.error) });
    return { diff: reply.diff };
  },
});
