"use server";

import { SendTaskMessageInput } from "../../schemas/task";
import { sendTaskMessage } from "../../tasks/send-task-message";
import { errorFormState, parseForm, type FormState } from "../form-state";

/** The task page's message form; on success the form is cleared (no values sent back). */
export async function sendTaskMessageAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(SendTaskMessageInput, formData);
  if ("state" in parsed) return parsed.state;
  try {
    await sendTaskMessage(parsed.data);
  } catch (error) {
    return errorFormState(error, parsed.values);
  }
  return { ok: true, message: "Message sent." };
}
