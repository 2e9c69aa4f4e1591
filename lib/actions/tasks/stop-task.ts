"use server";

import { revalidatePath } from "next/cache";
import { StopTaskInput } from "../../schemas/task";
import { stopTask } from "../../tasks/stop-task";
import { errorFormState, parseForm, type FormState } from "../form-state";

/** The task page's "Stop task" button. The new status arrives live once the daemon has stopped it. */
export async function stopTaskAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(StopTaskInput, formData);
  if ("state" in parsed) return parsed.state;
  try {
    await stopTask(parsed.data);
  } catch (error) {
    return errorFormState(error);
  }
  revalidatePath(`/tasks/${parsed.data.taskId}`);
  return { ok: true, message: "Stop requested." };
}
