import type { Task } from "../../generated/prisma/client";
import type { TaskUpdatedEvent } from "./ui";

/** The part of a task that browsers following it are sent when it changes. */
export function toTaskUpdatedEvent(task: Task): TaskUpdatedEvent {
  return {
    id: task.id,
    contractId: task.contractId,
    status: task.status,
    error: task.error,
    exitCode: task.exitCode,
    branch: task.branch,
    worktreePath: task.worktreePath,
    costUsd: task.costUsd,
    numTurns: task.numTurns,
    durationMs: task.durationMs,
    inputTokens: task.inputTokens,
    outputTokens: task.outputTokens,
    worktreeBytes: task.worktreeBytes,
    completionOutcome: task.completionOutcome,
    completionMessage: task.completionMessage,
    resumeAt: task.resumeAt?.toISOString() ?? null,
    updatedAt: task.updatedAt.toISOString(),
  };
}
