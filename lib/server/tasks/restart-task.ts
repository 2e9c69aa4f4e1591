import "server-only";
import type { Task } from "../../generated/prisma/client";
import { getRuntime } from "../runtime";
import { RestartTaskInput } from "../../shared/schemas/task";
import { insertTask } from "./create-task";
import { getTask } from "./get-task";

/** Starts the task's plan again as a new task of the same contract, a supervisor again if it was one (a task's output and seqs are never reused). */
export async function restartTask(input: RestartTaskInput, createdById: string): Promise<Task> {
  const { taskId, loginId } = RestartTaskInput.parse(input);
  const task = await getTask(taskId);
  const restarted = await insertTask(
    { contractId: task.contractId, name: task.name, plan: task.plan, supervisor: task.isSupervisor },
    createdById,
  );
  if (loginId) await getRuntime().closeLogin(loginId);
  return restarted;
}
