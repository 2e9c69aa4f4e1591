import { formatCost, formatCount, formatDuration } from "@/lib/shared/stream/format";
import { cardClass } from "@/components/ui/styles";
import { isAssignedTask } from "@/lib/shared/protocol/daemon";
import type { TaskView } from "./task-view";
import { WorktreeState } from "./worktree-state";

function Item({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[8rem_1fr] gap-2 px-3 py-1.5">
      <dt className="text-neutral-500">{term}</dt>
      <dd className="min-w-0 break-words text-neutral-900">{children}</dd>
    </div>
  );
}

const mono = "font-mono text-xs";

/** Where and how a task runs, and what it cost once known. */
export function TaskFacts({ task }: { task: TaskView }) {
  const removed = task.cleanup?.status === "cleaned" || task.cleanup?.status === "already_gone";
  return (
    <dl className={`${cardClass} divide-y divide-neutral-100`}>
      <Item term="Branch">{task.branch ? <span className={mono}>{task.branch}</span> : "—"}</Item>
      <Item term="Worktree">
        {task.worktreePath ? <span className={mono}>{task.worktreePath}</span> : "—"}
        {removed && (
          <span className="ml-2 text-neutral-500" title={task.cleanup?.message ?? undefined}>
            (removed)
          </span>
        )}
      </Item>
      {task.worktreePath && !removed && (
        <Item term="Size on disk">
          <WorktreeState bytes={task.worktreeBytes} cleanup={task.cleanup} running={isAssignedTask(task.status)} />
        </Item>
      )}
      {task.isSupervisor && (
        <Item term="Role">supervisor: starts, reviews and merges the contract&apos;s other tasks</Item>
      )}
      <Item term="Daemon">{task.daemonHostname ?? "not assigned yet"}</Item>
      <Item term="Loop">
        {task.autonomousLoop ? `on (iteration ${task.iteration} of ${task.maxIterations})` : "off"}
      </Item>
      {task.costUsd > 0 && <Item term="Cost">{formatCost(task.costUsd)}</Item>}
      {task.numTurns !== null && <Item term="Turns">{task.numTurns}</Item>}
      {task.inputTokens + task.outputTokens > 0 && (
        <Item term="Tokens">
          {formatCount(task.inputTokens)} in, {formatCount(task.outputTokens)} out
        </Item>
      )}
      {task.durationMs !== null && <Item term="Duration">{formatDuration(task.durationMs)}</Item>}
      {task.exitCode !== null && <Item term="Exit code">{task.exitCode}</Item>}
      <Item term="Created">{task.createdAtLabel}</Item>
      {task.startedAtLabel && <Item term="Started">{task.startedAtLabel}</Item>}
      {task.completedAtLabel && <Item term="Finished">{task.completedAtLabel}</Item>}
    </dl>
  );
}
