import { taskJson } from "@/lib/server/api/serialize";
import { accessibleTask } from "@/lib/server/api/task-access";
import { gatedRoute } from "@/lib/server/gate";
import { continueTask } from "@/lib/server/tasks/continue-task";
import { API } from "@/lib/shared/api/routes";

export const dynamic = "force-dynamic";

/** POST `{ how?, message?, iterations? }`: the finished task goes on (see continueTask); `{ task }`. */
export const POST = gatedRoute<typeof API.resumeTask.input, { id: string }, typeof API.resumeTask.output>({
  ...API.resumeTask,
  run: async (body, { actor, params }) => {
    const task = await accessibleTask(actor, params.id);
    return { task: taskJson(await continueTask({ ...body, taskId: task.id }, actor)) };
  },
});
