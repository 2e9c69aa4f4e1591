import { AppError } from "@/lib/contracts/errors";
import { apiRoute } from "@/lib/api/route";
import { accessibleTask } from "@/lib/api/task-access";
import { inspectionStatus, readTaskFile } from "@/lib/tasks/inspect-task";

export const dynamic = "force-dynamic";

/** GET `?path=` one file of the task's worktree, by a path relative to it: `{ file }`. */
export const GET = apiRoute<{ id: string }>(async ({ request, params, caller }) => {
  const task = await accessibleTask(caller, params.id);
  const path = new URL(request.url).searchParams.get("path");
  if (!path) throw new AppError("invalid", "Give the file's path as ?path=");
  const reply = await readTaskFile(task.id, path);
  if (!reply.ok) return Response.json({ error: reply.error }, { status: inspectionStatus(reply.error) });
  return { file: reply.file };
});
