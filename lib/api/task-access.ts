import type { Task } from "../generated/prisma/client";
import { getTask } from "../tasks/get-task";
import { assertContractAccess, type ApiCaller } from "./authenticate";

/** The task, if the caller may see it (a task key: only tasks of its own contract). */
export async function accessibleTask(caller: ApiCaller, taskId: string): Promise<Task> {
  const task = await getTask(taskId);
  assertContractAccess(caller, task.contractId);
  return task;
}
