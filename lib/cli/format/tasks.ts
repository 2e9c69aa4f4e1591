import { formatCost, formatDuration } from "../../shared/stream/format";
import type { ApiTask } from "../api";
import { indent, keyValues, table } from "./layout";

/** The contract's tasks, one a line: id, status, name, branch. */
export function tasksTable(tasks: ApiTask[]): string {
  if (tasks.length === 0) return "No tasks.";
  return table(
    ["ID", "STATUS", "NAME", "BRANCH"],
    tasks.map((task) => [
      task.id,
      task.status,
      task.isSupervisor ? `${task.name} [supervisor]` : task.name,
      task.branch ?? "-",
    ]),
  );
}

/** One task, as it reads in a tree. */
function treeLabel(task: ApiTask): string {
  return `${task.name}${task.isSupervisor ? " [supervisor]" : ""}  ${task.status}  ${task.id}`;
}

/**
 * The tasks as a tree by parentTaskId, in the order given (the API's oldest first). A task whose parent is not in the
 * list starts a tree of its own, so nothing is left out.
 */
export function taskTree(tasks: ApiTask[]): string {
  if (tasks.length === 0) return "No tasks.";
  const ids = new Set(tasks.map((task) => task.id));
  const parentShown = (task: ApiTask): task is ApiTask & { parentTaskId: string } =>
    !!task.parentTaskId && ids.has(task.parentTaskId) && task.parentTaskId !== task.id;
  const children = new Map<string, ApiTask[]>();
  for (const task of tasks) {
    if (parentShown(task)) children.set(task.parentTaskId, [...(children.get(task.parentTaskId) ?? []), task]);
  }
  const lines: string[] = [];
  const shown = new Set<string>();
  const visit = (task: ApiTask, prefix: string, branch: string) => {
    shown.add(task.id);
    lines.push(`${branch}${treeLabel(task)}`);
    const below = (children.get(task.id) ?? []).filter((child) => !shown.has(child.id));
    below.forEach((child, index) => {
      const last = index === below.length - 1;
      visit(child, `${prefix}${last ? "   " : "│  "}`, `${prefix}${last ? "└─ " : "├─ "}`);
    });
  };
  for (const task of tasks) if (!parentShown(task)) visit(task, "", "");
  // Tasks only reachable through a cycle of parents (not made by Makima, but never dropped).
  for (const task of tasks) if (!shown.has(task.id)) visit(task, "", "");
  return lines.join("\n");
}

/** One task's fields, `key: value` a line, the plan last. */
export function taskDetails(task: ApiTask): string {
  const tokens =
    task.inputTokens > 0 || task.outputTokens > 0 ? `${task.inputTokens} in, ${task.outputTokens} out` : null;
  const completion = task.completionOutcome
    ? `${task.completionOutcome}${task.completionMessage ? `: ${task.completionMessage}` : ""}`
    : null;
  const fields = keyValues([
    ["id", task.id],
    ["name", task.name],
    ["status", task.status],
    ["supervisor", task.isSupervisor ? "yes" : "no"],
    ["contract", task.contractId],
    ["parent", task.parentTaskId ?? "-"],
    ["branch", task.branch ?? "-"],
    ["worktree", task.worktreePath],
    ["error", task.error],
    ["exit code", task.exitCode],
    ["completion", completion],
    ["iteration", task.autonomousLoop ? task.iteration : null],
    ["cost", formatCost(task.costUsd)],
    ["turns", task.numTurns ?? "-"],
    ["tokens", tokens],
    ["duration", formatDuration(task.durationMs)],
    ["created", task.createdAt],
    ["started", task.startedAt ?? "-"],
    ["completed", task.completedAt ?? "-"],
  ]);
  return `${fields}\nplan:\n${indent(task.plan, "  ")}`;
}
