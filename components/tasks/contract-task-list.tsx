"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useContractEvents } from "@/components/live/use-contract-events";
import { linkClass } from "@/components/ui/styles";
import { TaskStatusBadge } from "./task-status-badge";
import { isActiveTask, type TaskStatus } from "@/lib/shared/protocol/daemon";
import { WorktreeState, type CleanupView } from "./worktree-state";
import { DataTable } from "@/components/ui/data-table";

/** A row as the server renders it (dates already formatted, so server and browser agree). */
export type TaskRow = {
  id: string;
  name: string;
  status: TaskStatus;
  branch: string | null;
  /** Whether the task runs in autonomous loop mode (copied from the contract when it was created). */
  autonomousLoop: boolean;
  /** A supervisor task: orchestrates the others and waits for input between runs. */
  isSupervisor: boolean;
  createdAtLabel: string;
  updatedAt: string;
  worktreeBytes: number | null;
  /** The task's last worktree clean-up, if one was asked. */
  cleanup: CleanupView | null;
};

type Live = Pick<TaskRow, "status" | "branch" | "updatedAt" | "worktreeBytes">;

/**
 * A contract's tasks; statuses, worktree sizes and clean-up results change live, and a task the page does not know
 * yet makes it refetch.
 */
export function ContractTaskList({ contractId, tasks }: { contractId: string; tasks: TaskRow[] }) {
  const router = useRouter();
  const [live, setLive] = useState<Record<string, Live>>({});
  const [cleanups, setCleanups] = useState<Record<string, CleanupView>>({});

  useContractEvents(contractId, {
    onTaskUpdated: (event) => {
      if (!tasks.some((task) => task.id === event.id)) {
        router.refresh();
        return;
      }
      setLive((current) => {
        const known = current[event.id];
        if (known && known.updatedAt > event.updatedAt) return current;
        const { status, branch, updatedAt, worktreeBytes } = event;
        return { ...current, [event.id]: { status, branch, updatedAt, worktreeBytes } };
      });
    },
    onCleanup: ({ taskId, status, message }) =>
      setCleanups((current) => ({ ...current, [taskId]: { status, message } })),
    onResync: () => {
      setCleanups({});
      router.refresh();
    },
  });

  if (tasks.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-neutral-300 bg-white px-4 py-6 text-neutral-600">
        No tasks yet.
      </p>
    );
  }
  return (
    <DataTable
      caption="Tasks of this contract"
      columns={[
        { label: "Task" },
        { label: "Status" },
        { label: "Branch" },
        { label: "Worktree" },
        { label: "Created" },
      ]}
    >
      {tasks.map((task) => {
        const override = live[task.id];
        const current = override && override.updatedAt >= task.updatedAt ? { ...task, ...override } : task;
        return (
          <tr key={task.id} data-testid="task-row" data-task-id={task.id} className="hover:bg-neutral-50">
            <td className="px-3 py-2">
              <Link href={`/tasks/${task.id}`} className={`font-medium ${linkClass}`}>
                {task.name}
              </Link>
              {task.isSupervisor && (
                <span
                  title="Orchestrates other tasks with makima supervisor; waits for input between runs"
                  className="ml-2 inline-block rounded-full bg-violet-50 px-1.5 py-0.5 align-middle text-xs font-medium text-violet-800 ring-1 ring-violet-200 ring-inset"
                >
                  supervisor
                </span>
              )}
              {task.autonomousLoop && (
                <span
                  title="Runs in autonomous loop mode"
                  className="ml-2 inline-block rounded-full bg-blue-50 px-1.5 py-0.5 align-middle text-xs font-medium text-blue-800 ring-1 ring-blue-200 ring-inset"
                >
                  loop
                </span>
              )}
            </td>
            <td className="px-3 py-2">
              <TaskStatusBadge status={current.status} />
            </td>
            <td className="px-3 py-2 font-mono text-xs text-neutral-600">{current.branch ?? "—"}</td>
            <td className="px-3 py-2 text-xs">
              <WorktreeState
                bytes={current.worktreeBytes}
                cleanup={cleanups[task.id] ?? task.cleanup}
                running={isActiveTask(current.status)}
              />
            </td>
            <td className="whitespace-nowrap px-3 py-2 tabular-nums text-neutral-600">{task.createdAtLabel}</td>
          </tr>
        );
      })}
    </DataTable>
  );
}
