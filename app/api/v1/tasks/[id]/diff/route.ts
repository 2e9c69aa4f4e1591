import { apiRoute } from "@/lib/api/route";
import { accessibleTask } from "@/lib/api/task-access";
import { getTaskDiff, inspectionStatus } from "@/lib/tasks/inspect-task";

export const dynamic = "force-dynamic";

/** GET the task's changes against its base branch (committed and uncommitted): `{ diff }`. */
export const GET = apiRoute<{ id: string }>(async ({ params, caller }) => {
  const task = await accessibleTask(caller, params.id);
  const reply = await getTaskDiff(task.id);
  if (!reply.ok) return Response.json({ error: reply.error }, { status: inspectionStatus(reply.error) });
  return { diff: reply.diff };
});
