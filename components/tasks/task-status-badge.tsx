import type { TaskStatus } from "@/lib/shared/protocol/daemon";

const COLOURS: Record<TaskStatus, string> = {
  pending: "bg-neutral-100 text-neutral-700 ring-neutral-300",
  starting: "bg-sky-50 text-sky-800 ring-sky-300",
  running: "bg-blue-100 text-blue-800 ring-blue-300",
  waiting_for_approval: "bg-violet-100 text-violet-900 ring-violet-400",
  paused: "bg-amber-50 text-amber-800 ring-amber-300",
  waiting_for_usage_limit: "bg-amber-100 text-amber-900 ring-amber-400",
  completed: "bg-green-100 text-green-800 ring-green-300",
  failed: "bg-red-100 text-red-800 ring-red-300",
  interrupted: "bg-orange-100 text-orange-800 ring-orange-300",
  iteration_limit_reached: "bg-purple-100 text-purple-800 ring-purple-300",
};

/** How a status reads where the stored word would mislead: only a supervisor pauses, to wait for a message. */
const LABELS: Partial<Record<TaskStatus, string>> = {
  paused: "waiting for input",
  waiting_for_approval: "waiting for approval",
  waiting_for_usage_limit: "waiting for the usage limit",
};

/** A task's status, written as it is stored ("running", "iteration_limit_reached") unless labelled, in its colour. */
export function TaskStatusBadge({ status }: { status: TaskStatus }) {
  const colour = COLOURS[status];
  return (
    <span
      data-testid="task-status"
      data-status={status}
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 font-mono text-xs font-medium ring-1 ring-inset ${colour}`}
    >
      {(status === "running" || status === "starting") && (
        <span aria-hidden className="size-1.5 animate-pulse rounded-full bg-current" />
      )}
      {LABELS[status] ?? status}
    </span>
  );
}
