import { AppError } from "../contracts/errors";
import { getDb } from "../db/client";

/** A task with its contract's name and status and its daemon's hostname, or null. */
export async function findTaskDetails(id: string) {
  return getDb().task.findUnique({
    where: { id },
    include: {
      contract: { select: { id: true, name: true, status: true, maxIterations: true } },
      daemon: { select: { id: true, hostname: true } },
    },
  });
}
export type TaskDetails = NonNullable<Awaited<ReturnType<typeof findTaskDetails>>>;

/** The task with this id; an `AppError("not_found")` when there is none. */
export async function getTask(id: string) {
  const task = await getDb().task.findUnique({ where: { id } });
  if (!task) throw new AppError("not_found", "This task does not exist (it may have been deleted).");
  return task;
}

/** A contract's tasks, newest first. */
export async function listContractTasks(contractId: string) {
  return getDb().task.findMany({
    where: { contractId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, status: true, branch: true, autonomousLoop: true, createdAt: true, updatedAt: true, parentTaskId: true },
  });
}
