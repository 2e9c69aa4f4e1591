import { formatCost, formatCount, formatDuration } from "@/lib/shared/stream/format";
import { TaskStatusBadge } from "./task-status-badge";
import type { TaskView } from "./task-view";

/**
 * The task's facts in one wrapping line under its name (status, branch, cost, tokens, duration, daemon), so the
 * output starts high on a laptop screen; the full list is under Details.
 */
export function TaskSummary({ task }: { task: TaskView }) {
  const tokens = task.inputTokens + task.outputTokens;
  const facts: Array<[label: string, value: string | null, mono?: boolean]> = [
    ["Branch", task.branch, true],
    ["Cost", task.costUsd > 0 ? formatCost(task.costUsd) : null],
    ["Tokens", tokens > 0 ? `${formatCount(task.inputTokens)} in · ${formatCount(task.outputTokens)} out` : null],
    ["Duration", formatDuration(task.durationMs)],
    ["Daemon", task.daemonHostname],
    ["Iteration", task.autonomousLoop && task.iteration > 0 ? `${task.iteration} of ${task.maxIterations}` : null],
  ];
  return (
    <dl aria-label="Task summary" className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-neutral-600">
      <div className="flex items-center gap-1.5">
        <dt className="sr-only">Status</dt>
        <dd>
          <TaskStatusBadge status={task.status} />
        </dd>
      </div>
      {facts.map(([label, value, mono]) =>
        value ? (
          <div key={label} className="flex min-w-0 items-baseline gap-1">
            <dt className="text-neutral-400">{label}</dt>
            <dd className={`min-w-0 truncate text-neutral-800 ${mono ? "font-mono text-xs" : ""}`} title={value}>
              {value}
            </dd>
          </div>
        ) : null,
      )}
    </dl>
  );
}
