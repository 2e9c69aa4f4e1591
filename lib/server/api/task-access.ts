import "server-only";
import type { Task } from "../../generated/prisma/client";
import { assertContractAccess, type Actor } from "../auth/actor";
import { getTask } from "../tasks/get-task";

/** The task, if the caller may see it (a task key: only tasks of its own contract). */
export async function accessibleTask(actor: Actor, taskId: string): Promise<Task> {
  const task = await getTask(taskId);
  assertContractAccess(actor, task.contractId);
  return task;
}
