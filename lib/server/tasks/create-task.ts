import "server-only";
import { AppError } from "../../shared/app-error";
import { getDb } from "../db/client";
import type { Task } from "../../generated/prisma/client";
import { CreateTaskInput } from "../../shared/schemas/task";
import { getRuntime } from "../runtime";
import { toTaskUpdatedEvent } from "../../shared/protocol/task-event";
import { recordAudit } from "../audit";
import type { Actor } from "../auth/actor";

/**
 * Adds a pending task to an active contract, tells browsers following the contract, and asks the
 * scheduler to hand it to a daemon. The task takes the contract's autonomous-loop setting as it is now (a supervisor
 * never loops); its iteration cap is the contract's `maxIterations`. The actor is who started it (a person, or a
 * supervisor's key acting for one): its task key acts as them. Recorded in the audit log.
 */
export async function createTask(input: CreateTaskInput, actor: Actor): Promise<Task> {
  const task = await insertTask(input, actor.userId);
  await recordAudit(actor, {
    action: "task.create",
    targetType: "task",
    targetId: task.id,
    summary: `Started task “${task.name}”`,
  });
  return task;
}

/** `createTask` without its audit record, for a use case that records its own (a restart). */
export async function insertTask(input: CreateTaskInput, createdById: string): Promise<Task> {
  const { contractId, name, plan, parentTaskId, supervisor } = CreateTaskInput.parse(input);
  const db = getDb();
  const contract = await db.contract.findUnique({ where: { id: contractId } });
  if (!contract) throw new AppError("not_found", "This contract does not exist (it may have been deleted).");
  if (contract.status !== "active") {
    throw new AppError("conflict", `This contract is ${contract.status}: only an active contract takes new tasks.`);
  }
  const parent = parentTaskId ? await db.task.findUnique({ where: { id: parentTaskId } }) : null;
  if (parentTaskId && parent?.contractId !== contractId) {
    throw new AppError("invalid", "The parent task does not exist in this contract.");
  }
  const task = await db.task.create({
    data: {
      contractId,
      parentTaskId: parent?.id ?? null,
      depth: parent ? parent.depth + 1 : 0,
      name,
      plan,
      status: "pending",
      isSupervisor: supervisor,
      // A supervisor ends by waiting for input, never through a completion gate.
      autonomousLoop: supervisor ? false : contract.autonomousLoop,
      // The contract's permission mode as it is now: a later change applies to tasks made afterwards.
      permissionMode: contract.permissionMode,
      iteration: 0,
      createdById,
    },
  });
  await announceAndSchedule(task);
  return task;
}

/**
 * The task is saved whatever happens here: a pending task is picked up by the next scheduling pass
 * (a daemon connecting, a task finishing), so a runtime hiccup is logged, not thrown.
 */
async function announceAndSchedule(task: Task): Promise<void> {
  try {
    const runtime = getRuntime();
    runtime.publishTaskUpdate(toTaskUpdatedEvent(task));
    await runtime.scheduleTasks();
  } catch (error) {
    console.error(`[makima] task ${task.id} saved but not scheduled yet:`, error);
  }
}
