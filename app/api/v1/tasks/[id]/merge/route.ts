import { apiRoute, jsonBody } from "@/lib/api/route";
import { accessibleTask } from "@/lib/api/task-access";
import { MergeTaskInput } from "@/lib/schemas/task";
import { inspectionStatus, mergeTask } from "@/lib/tasks/inspect-task";

export const dynamic = "force-dynamic";

/**
 * POST `{ to?, squash? }` to merge the finished task's branch into `to` (default: the contract's target branch):
 * `{ merge }` when merged or nothing was left to merge; 409 `{ error, merge }` on a conflict (nothing is changed).
 */
export const POST = apiRoute<{ id: string }>(async ({ request, params, caller }) => {
  const task = await accessibleTask(caller, params.id);
  const { to, squash } = MergeTaskInput.parse(await jsonBody(request));
  const reply = await mergeTask(task.id, { targetBranch: to, squash });
  if (!reply.ok) return Response.json({ error: reply.error }, { status: inspectionStatus(reply.error) });
  const { merge } = reply;
  if (merge.outcome === "conflict") return Response.json({ error: merge.message, merge }, { status: 409 });
  if (merge.outcome === "failed") return Response.json({ error: merge.message, merge }, { status: 422 });
  return { merge };
});
