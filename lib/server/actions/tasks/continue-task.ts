"use server";

import "server-only";
import { revalidatePath } from "next/cache";
import { ContinueTaskInput } from "../../../shared/schemas/task";
import { gatedFormAction } from "../../gate";
import { continueTask } from "../../tasks/continue-task";

const DONE = {
  resume: "Resuming: the task goes on as soon as its daemon takes it.",
  anotherDaemon: "Restarting on the first daemon with a free slot.",
  moreIterations: "The loop goes on.",
} as const;

/** The task page's Resume, Restart on another daemon and Continue for N more iterations. */
export const continueTaskAction = gatedFormAction({
  role: "member",
  input: ContinueTaskInput,
  run: async (input, { actor }) => {
    const task = await continueTask(input, actor);
    revalidatePath(`/tasks/${task.id}`);
    return { ok: true, message: DONE[input.how] };
  },
});
