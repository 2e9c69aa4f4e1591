"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { RestartTaskInput } from "../../schemas/task";
import { restartTask } from "../../tasks/restart-task";
import { errorFormState, parseForm, type FormState } from "../form-state";

/** "Restart task" (after a login, say): the plan runs again as a new task, whose page opens. */
export async function restartTaskAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(RestartTaskInput, formData);
  if ("state" in parsed) return parsed.state;
  let taskId: string;
  try {
    taskId = (await restartTask(parsed.data)).id;
  } catch (error) {
    return errorFormState(error);
  }
  revalidatePath(`/tasks/${taskId}`);
  redirect(`/tasks/${taskId}`);
}
