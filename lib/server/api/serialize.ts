import "server-only";
import type { Contract, ContractReport, Task } from "../../generated/prisma/client";
import { toTaskUpdatedEvent } from "../../shared/protocol/task-event";
import type { ApiContract, ApiReport, ApiTask } from "../../shared/api/schemas";
import { readAllowRules } from "../contracts/allow-rules";

/** A contract as the HTTP API shows it (the shapes are lib/shared/api/schemas.ts's). */
export function contractJson(contract: Contract): ApiContract {
  return {
    id: contract.id,
    name: contract.name,
    description: contract.description,
    repository: contract.repository,
    baseBranch: contract.baseBranch,
    targetBranch: contract.targetBranch,
    status: contract.status,
    autonomousLoop: contract.autonomousLoop,
    maxIterations: contract.maxIterations,
    completionAction: contract.completionAction,
    permissionMode: contract.permissionMode,
    allowRules: readAllowRules(contract),
    denyUnansweredAfterMinutes: contract.denyUnansweredAfterMinutes,
    autoResume: contract.autoResume,
    createdAt: contract.createdAt.toISOString(),
    updatedAt: contract.updatedAt.toISOString(),
  };
}

/** A task as the HTTP API shows it: what browsers are sent, plus its plan, place in the tree and times. */
export function taskJson(task: Task): ApiTask {
  return {
    ...toTaskUpdatedEvent(task),
    name: task.name,
    plan: task.plan,
    parentTaskId: task.parentTaskId,
    depth: task.depth,
    isSupervisor: task.isSupervisor,
    autonomousLoop: task.autonomousLoop,
    iteration: task.iteration,
    daemonId: task.daemonId,
    claudeSessionId: task.claudeSessionId,
    createdAt: task.createdAt.toISOString(),
    startedAt: task.startedAt?.toISOString() ?? null,
    completedAt: task.completedAt?.toISOString() ?? null,
  };
}

/** A contract's progress report as the HTTP API shows it. */
export function reportJson(report: ContractReport): ApiReport {
  return {
    id: report.id,
    contractId: report.contractId,
    taskId: report.taskId,
    progress: report.progress,
    createdAt: report.createdAt.toISOString(),
  };
}
