import { FileQuery } from "@/lib/api/inputs";
import { ApiErrorAnswer, FileAnswer } from "@/lib/api/schemas";
import { accessibleTask } from "@/lib/api/task-access";
import { gatedRoute } from "@/lib/server/gate";
import { inspectionStatus, readTaskFile } from "@/lib/tasks/inspect-task";

export const dynamic = "force-dynamic";

/** GET `?path=` one file of the task's worktree, by a path relative to it: `{ file }`. */
export const GET = gatedRoute<typeof FileQuery, { id: string }, typeof FileAnswer>({
  role: "viewer",
  taskKeys: true,
  input: FileQuery,
  output: FileAnswer,
  run: async ({ path }, { actor, params }) => {
    const task = await accessibleTask(actor, params.id);
    const reply = await readTaskFile(task.id, path);
    if (!reply.ok) return Response.json({ error: reply.error } satisfies ApiErrorAnswer, { status: inspectionStatus(reply.error) });
    return { file: reply.file };
  },
});
