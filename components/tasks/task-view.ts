import type { TaskDetails } from "@/lib/server/tasks/get-task";
import type { TaskUpdatedEvent } from "@/lib/shared/protocol/ui";
import { toTaskUpdatedEvent } from "@/lib/shared/protocol/task-event";
import { formatDateTime } from "@/components/ui/format";
import type { CleanupView } from "./worktree-state";

/** What the task page shows, as plain data a client component can take (dates formatted on the server). */
export type TaskView = TaskUpdatedEvent & {
  daemonHostname: string | null;
  autonomousLoop: boolean;
  isSupervisor: boolean;
  iteration: number;
  maxIterations: number;
  /** claude reported a conversation: Resume can go on with it. */
  hasClaudeSession: boolean;
  /** A pending continuation of claude's conversation, which only the task's daemon can take. */
  resumeSession: boolean;
  createdAtLabel: string;
  startedAtLabel: string | null;
  completedAtLabel: string | null;
  cleanup: CleanupView | null;
};

export function toTaskView(task: TaskDetails, cleanup: CleanupView | null): TaskView {
  return {
    ...toTaskUpdatedEvent(task),
    daemonHostname: task.daemon?.hostname ?? null,
    autonomousLoop: task.autonomousLoop,
    isSupervisor: task.isSupervisor,
    iteration: task.iteration,
    maxIterations: task.maxIterations ?? task.contract.maxIterations,
    hasClaudeSession: task.claudeSessionId !== null,
    resumeSession: task.resumePrompt !== null && task.resumeSession,
    createdAtLabel: formatDateTime(task.createdAt),
    startedAtLabel: task.startedAt ? formatDateTime(task.startedAt) : null,
    completedAtLabel: task.completedAt ? formatDateTime(task.completedAt) : null,
    cleanup,
  };
}

/** The view with a live update laid over it, unless the update is older than what the server rendered. */
export function applyTaskUpdate(view: TaskView, event: TaskUpdatedEvent | null): TaskView {
  if (!event || event.id !== view.id || event.updatedAt < view.updatedAt) return view;
  const { id: _id, contractId: _contractId, ...changes } = event;
  return { ...view, ...changes };
}
