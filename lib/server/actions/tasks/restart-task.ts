"use server";

import "server-only";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { RestartTaskInput } from "../../../shared/schemas/task";
import { recordAudit } from "../../audit";
import { gatedFormAction } from "../../gate";
import { restartTask } from "../../tasks/restart-task";

/** "Restart task" (after a login, say): the plan runs again as a new task, whose page opens. */
export const restartTaskAction = gatedFormAction({
  role: "member",
  input: RestartTaskInput,
  run: async (input, { actor }) => {
    const task = await restartTask(input, actor.userId);
    await recordAudit(actor, {
      action: "task.restart",
      targetType: "task",
      targetId: task.id,
      summary: `Restarted task “${task.name}”`,
    });
    revalidatePath(`/tasks/${task.id}`);
    redirect(`/tasks/${task.id}`);
  },
});
