"use server";

import "server-only";
import { revalidatePath } from "next/cache";
import { StopTaskInput } from "../../../shared/schemas/task";
import { recordAudit } from "../../audit";
import { gatedFormAction } from "../../gate";
import { stopTask } from "../../tasks/stop-task";

/** The task page's "Stop task" button. The new status arrives live once the daemon has stopped it. */
export const stopTaskAction = gatedFormAction({
  role: "member",
  input: StopTaskInput,
  run: async (input, { actor }) => {
    const task = await stopTask(input);
    await recordAudit(actor, {
      action: "task.stop",
      targetType: "task",
      targetId: task.id,
      summary: `Stopped task “${task.name}”`,
    });
    revalidatePath(`/tasks/${task.id}`);
    return { ok: true, message: "Stop requested." };
  },
});
