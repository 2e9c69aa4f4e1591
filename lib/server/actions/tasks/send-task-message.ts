"use server";

import "server-only";
import { SendTaskMessageInput } from "../../../shared/schemas/task";
import { recordAudit } from "../../audit";
import { gatedFormAction } from "../../gate";
import { sendTaskMessage } from "../../tasks/send-task-message";

/** The task page's message form; on success the form is cleared (no values sent back). */
export const sendTaskMessageAction = gatedFormAction({
  role: "member",
  input: SendTaskMessageInput,
  run: async (input, { actor }) => {
    const task = await sendTaskMessage(input);
    await recordAudit(actor, {
      action: "task.message",
      targetType: "task",
      targetId: task.id,
      summary: `Sent a message to task “${task.name}”`,
    });
    return { ok: true, message: "Message sent." };
  },
});
