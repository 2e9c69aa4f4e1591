"use client";

import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { useContractEvents } from "@/components/live/use-contract-events";
import type { TaskUpdatedEvent } from "@/lib/shared/protocol/ui";
import { ContinueTaskControls } from "./continue-task-controls";
import { StopTaskButton } from "./stop-task-button";
import { TaskFacts } from "./task-facts";
import { TaskMessageForm } from "./task-message-form";
import { CompletionOutcome } from "./completion-outcome";
import { TaskSummary } from "./task-summary";
import { cardClass } from "@/components/ui/styles";
import { isActiveTask, isAssignedTask, UNSUCCESSFUL_TASK_STATUSES } from "@/lib/shared/protocol/daemon";
import { applyTaskUpdate, type TaskView } from "./task-view";
import { useCan } from "@/components/auth/role-context";

/**
 * The task page's live part: status, facts, error, and the controls that make sense in that status.
 * It follows the task's contract and keeps only this task's updates; when the status changes it also
 * refetches the page, for what updates do not carry (daemon, start and end times).
 */
export function TaskLive({
  initial,
  name,
  plan,
  approvals,
  output,
  changes,
}: {
  initial: TaskView;
  name: string;
  plan: string;
  /** The panels the page renders on the server, laid out here: the output first, the rest below it. */
  approvals: ReactNode;
  output: ReactNode;
  changes: ReactNode;
}) {
  const router = useRouter();
  const [update, setUpdate] = useState<TaskUpdatedEvent | null>(null);
  const task = applyTaskUpdate(initial, update);

  useContractEvents(initial.contractId, {
    onTaskUpdated: (event) => {
      if (event.id !== initial.id) return;
      if (update && event.updatedAt < update.updatedAt) return;
      const statusChanged = event.status !== task.status;
      setUpdate(event);
      if (statusChanged) router.refresh();
    },
    onCleanup: (event) => {
      if (event.taskId === initial.id) router.refresh();
    },
    onResync: router.refresh,
  });

  const canControl = useCan("member");
  const stoppable = canControl && isActiveTask(task.status);
  return (
    <div className="space-y-4">
      <header className="space-y-2">
        <div className="flex flex-wrap items-start justify-between gap-2">
          <h1 className="min-w-0 break-words text-xl font-semibold tracking-tight">{name}</h1>
          {stoppable && <StopTaskButton taskId={task.id} />}
        </div>
        <TaskSummary task={task} />
      </header>
      {task.completionOutcome && (
        <CompletionOutcome outcome={task.completionOutcome} message={task.completionMessage} />
      )}
      {task.error && isActiveTask(task.status) ? (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900">
          {task.error}
        </p>
      ) : task.error ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-800">
          <p className="font-medium">
            {UNSUCCESSFUL_TASK_STATUSES.includes(task.status) ? `Task ${task.status}` : "Error"}
          </p>
          <p className="mt-1 whitespace-pre-wrap break-words font-mono text-xs">{task.error}</p>
        </div>
      ) : null}
      {approvals}
      <section aria-labelledby="output-heading">
        <h2 id="output-heading" className="sr-only">
          Output
        </h2>
        {output}
      </section>
      {task.status === "running" || task.status === "paused" ? (
        <section aria-labelledby="talk-heading" className="space-y-2">
          <h2 id="talk-heading" className="text-base font-semibold">
            Talk to claude
          </h2>
          {task.status === "paused" && (
            <p className="text-neutral-600">
              The supervisor is waiting for input: a message starts claude again on the same conversation. Stop ends the
              supervisor.
            </p>
          )}
          {canControl ? (
            <TaskMessageForm taskId={task.id} />
          ) : (
            <p className="text-neutral-500">Your role may watch, not send messages.</p>
          )}
        </section>
      ) : (
        <div className="space-y-3">
          <p className="text-neutral-500">{whereItStands(task)}</p>
          {canControl && <ContinueTaskControls task={task} />}
        </div>
      )}
      <Collapsible title="Plan">
        <pre className="max-h-80 overflow-auto whitespace-pre-wrap break-words font-mono text-xs text-neutral-800">
          {plan}
        </pre>
      </Collapsible>
      <Collapsible title="Changes">{changes}</Collapsible>
      <Collapsible title="Details">
        <TaskFacts task={task} />
      </Collapsible>
    </div>
  );
}

/** One of the task's secondary panels, closed until a person opens it. */
function Collapsible({ title, children }: { title: string; children: ReactNode }) {
  return (
    <details className={`${cardClass} group px-3 py-2`}>
      <summary className="cursor-pointer font-medium text-neutral-700">{title}</summary>
      <div className="mt-2">{children}</div>
    </details>
  );
}

/** What the task waits for, or that it is not running, when no message can be sent. */
function whereItStands(task: TaskView): string {
  if (task.status === "pending") {
    return task.resumeSession && task.daemonHostname
      ? `Waiting for daemon ${task.daemonHostname}, which keeps claude's conversation, to take it.`
      : "Waiting for a daemon with free capacity.";
  }
  if (task.status === "waiting_for_usage_limit") return "It lets its daemon's slot go while it waits.";
  if (isAssignedTask(task.status)) return "Messages can be sent once claude is running.";
  return "This task is not running.";
}
