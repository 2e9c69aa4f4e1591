import { TaskAnswer } from "@/lib/api/schemas";
import { taskJson } from "@/lib/api/serialize";
import { accessibleTask } from "@/lib/api/task-access";
import { gatedRoute, NoInput } from "@/lib/server/gate";

export const dynamic = "force-dynamic";

/** GET one task: `{ task }`. */
export const GET = gatedRoute<typeof NoInput, { id: string }, typeof TaskAnswer>({
  role: "viewer",
  taskKeys: true,
  input: NoInput,
  output: TaskAnswer,
  run: async (_input, { actor, params }) => ({ task: taskJson(await accessibleTask(actor, params.id)) }),
});
