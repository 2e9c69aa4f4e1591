import "server-only";
import { AppError } from "../../shared/app-error";
import { getDb } from "../db/client";
import type { CleanupStatus } from "../../shared/protocol/ui";

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
    select: {
      id: true,
      name: true,
      status: true,
      branch: true,
      autonomousLoop: true,
      isSupervisor: true,
      worktreeBytes: true,
      createdAt: true,
      updatedAt: true,
      parentTaskId: true,
    },
  });
}

/** The last worktree clean-up asked for each of these tasks, by task id. */
export async function findTaskCleanups(
  taskIds: string[],
): Promise<Map<string, { status: CleanupStatus; message: string | null }>> {
  const rows = await getDb().worktreeCleanup.findMany({ where: { taskId: { in: taskIds } } });
  return new Map(rows.map((row) => [row.taskId, { status: row.status, message: row.message }]));
}
