import "server-only";
import type { Task } from "../../generated/prisma/client";
import { AppError } from "../../shared/app-error";
import { getDb } from "../db/client";
import { isAssignedTask } from "../../shared/protocol/daemon";
import { StopTaskInput } from "../../shared/schemas/task";
import { getTask } from "./get-task";
import { runRuntimeCommand } from "./runtime-command";

const UNHELD_STOP_REASONS: Partial<Record<Task["status"], string>> = {
  pending: "Stopped before it started",
  waiting_for_usage_limit: "Stopped while it waited for the usage limit to reset",
};

/**
 * Stops a task that has not finished: a pending one never starts, one waiting for a usage limit does not resume;
 * for a starting, running or paused one the daemon
 * ends its process group. Either way it becomes `interrupted`. The one place these rules live: the dashboard, the
 * API, deleting a contract and ending supervisors all stop a task through it.
 */
export async function stopTask(input: StopTaskInput): Promise<Task> {
  const { taskId } = StopTaskInput.parse(input);
  const task = await getTask(taskId);
  // No daemon holds a task that waits to start, or to go on after a usage limit: it ends here.
  const unheld = UNHELD_STOP_REASONS[task.status];
  if (unheld) {
    await runRuntimeCommand(async (runtime) => {
      await runtime.interruptTask(taskId, unheld);
      return { ok: true };
    });
    return task;
  }
  const { daemonId } = task;
  if (!isAssignedTask(task.status) || !daemonId) {
    throw new AppError("conflict", `This task is ${task.status}, not running: there is nothing to stop.`);
  }
  await runRuntimeCommand((runtime) => runtime.commandDaemon(daemonId, { type: "stopTask", taskId }));
  return task;
}

/**
 * Ends the contract's supervisors that wait for input (the daemon completes them); one still working ends when it
 * next waits (endSupervisorOfClosedContract).
 */
export async function endWaitingSupervisors(contractId: string): Promise<void> {
  const waiting = await getDb().task.findMany({
    where: { contractId, isSupervisor: true, status: "paused" },
    select: { id: true },
  });
  for (const task of waiting) await stopTask({ taskId: task.id });
}

/** A supervisor waits for input: if its contract is no longer active (it may have completed it itself), it ends. */
export async function endSupervisorOfClosedContract(task: Pick<Task, "id" | "contractId">): Promise<void> {
  const contract = await getDb().contract.findUnique({ where: { id: task.contractId }, select: { status: true } });
  if (contract?.status !== "active") await stopTask({ taskId: task.id });
}
