"use server";

import "server-only";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { CreateTaskInput } from "../../../shared/schemas/task";
import { gatedFormAction } from "../../gate";
import { createTask } from "../../tasks/create-task";

/** The contract page's "Start task" form: adds the task, schedules it, and opens its page. */
export const createTaskAction = gatedFormAction({
  role: "member",
  input: CreateTaskInput,
  run: async (input, { actor }) => {
    const task = await createTask(input, actor);
    revalidatePath("/");
    revalidatePath(`/contracts/${input.contractId}`);
    redirect(`/tasks/${task.id}`);
  },
});
