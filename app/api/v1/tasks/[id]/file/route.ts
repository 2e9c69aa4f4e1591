import { z } from "zod";
import { accessibleTask } from "@/lib/api/task-access";
import { gatedRoute } from "@/lib/server/gate";
import { inspectionStatus, readTaskFile } from "@/lib/tasks/inspect-task";

export const dynamic = "force-dynamic";

const FileInput = z.object({
  path: z.string({ error: "Give the file's path as ?path=" }).min(1, { error: "Give the file's path as ?path=" }).max(4096),
});

/** GET `?path=` one file of the task's worktree, by a path relative to it: `{ file }`. */
export const GET = gatedRoute<typeof FileInput, { id: string }>({
  role: "viewer",
  taskKeys: true,
  input: FileInput,
  run: async ({ path }, { actor, params }) => {
    const task = await accessibleTask(actor, params.id);
    const reply = await readTaskFile(task.id, path);
    if (!reply.ok) return Response.json({ error: reply.error }, { status: inspectionStatus(reply.error) });
    return { file: reply.file };
  },
});
