"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { CreateTaskInput } from "../../schemas/task";
import { createTask } from "../../tasks/create-task";
import { errorFormState, parseForm, type FormState } from "../form-state";

/** The contract page's "Start task" form: adds the task, schedules it, and opens its page. */
export async function createTaskAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(CreateTaskInput, formData);
  if ("state" in parsed) return parsed.state;
  let taskId: string;
  try {
    taskId = (await createTask(parsed.data)).id;
  } catch (error) {
    return errorFormState(error, parsed.values);
  }
  revalidatePath("/");
  revalidatePath(`/contracts/${parsed.data.contractId}`);
  redirect(`/tasks/${taskId}`);
}
