import { ApiErrorAnswer } from "@/lib/shared/api/schemas";
import { accessibleTask } from "@/lib/server/api/task-access";
import { gatedRoute } from "@/lib/server/gate";
import { inspectionStatus, readTaskFile } from "@/lib/server/tasks/inspect-task";
import { API } from "@/lib/shared/api/routes";

export const dynamic = "force-dynamic";

/** GET `?path=` one file of the task's worktree, by a path relative to it: `{ file }`. */
export const GET = gatedRoute<typeof API.getTaskFile.input, { id: string }, typeof API.getTaskFile.output>({
  ...API.getTaskFile,
  run: async ({ path }, { actor, params }) => {
    const task = await accessibleTask(actor, params.id);
    const reply = await readTaskFile(task.id, path);
    if (!reply.ok)
      return Response.json({ error: reply.error } satisfies ApiErrorAnswer, { status: inspectionStatus(reply.error) });
    return { file: reply.file };
  },
});
