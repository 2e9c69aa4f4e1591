import { taskJson } from "@/lib/server/api/serialize";
import { accessibleTask } from "@/lib/server/api/task-access";
import { gatedRoute } from "@/lib/server/gate";
import { API } from "@/lib/shared/api/routes";

export const dynamic = "force-dynamic";

/** GET one task: `{ task }`. */
export const GET = gatedRoute<typeof API.getTask.input, { id: string }, typeof API.getTask.output>({
  ...API.getTask,
  run: async (_input, { actor, params }) => ({ task: taskJson(await accessibleTask(actor, params.id)) }),
});
