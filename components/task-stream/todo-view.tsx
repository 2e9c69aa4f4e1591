"use client";

import { useMemo } from "react";
import { currentTodos, todoProgress, todosOf, type Todo, type TodoList, type ViewRow } from "@/lib/shared/stream/todos";
import type { ToolResult, ToolUse } from "@/lib/shared/stream/tool-results";
import { LazyDetails } from "./lazy-details";
import { GenericToolCall, ToolResultView } from "./tool-parts";

/**
 * claude's todo list (lib/shared/stream/todos.ts): each TodoWrite call drawn as a checklist where it was made, and
 * `PinnedTodos`, the current list for the top of the task view while the run goes on, updated in place by each call.
 */

const mark = { completed: "✓", in_progress: "▸", pending: "○" } as const;
const itemStyle = {
  completed: "text-zinc-400 line-through",
  in_progress: "font-semibold text-zinc-900",
  pending: "text-zinc-700",
} as const;

export function TodoChecklist({ list }: { list: TodoList }) {
  return (
    <ul className="space-y-0.5 text-sm" data-todos="">
      {list.todos.map((todo, i) => (
        <li key={i} className="flex gap-2" data-status={todo.status}>
          <span
            aria-hidden
            className={`w-3 shrink-0 select-none text-center ${todo.status === "completed" ? "text-emerald-600" : "text-zinc-500"}`}
          >
            {mark[todo.status]}
          </span>
          <span className={`min-w-0 break-words ${itemStyle[todo.status]}`}>
            <span className="sr-only">{`${todo.status.replace("_", " ")}: `}</span>
            {label(todo)}
          </span>
        </li>
      ))}
      {list.more > 0 ? <li className="text-xs text-zinc-500">{`… ${list.more} more not shown`}</li> : null}
    </ul>
  );
}

/** The item's text: what is being done ("Running tests") while it is in progress. */
function label(todo: Todo): string {
  return todo.status === "in_progress" && todo.activeForm ? todo.activeForm : todo.content;
}

function progressText(list: TodoList): string {
  const { done, total } = todoProgress(list.todos);
  return `${done} of ${total} done`;
}

/** A TodoWrite call, where it was made: the list it set. Its result is only shown when it failed. */
export function TodoCall({ use, result }: { use: ToolUse; result: ToolResult | null }) {
  const list = useMemo(() => todosOf(use.input), [use.input]);
  if (!list) return <GenericToolCall use={use} result={result} />;
  return (
    <div className="rounded-md border border-zinc-200 bg-white px-2 py-1">
      <p className="text-xs text-zinc-500">
        <span className="font-semibold text-zinc-700">Todo list</span> · {progressText(list)}
      </p>
      <TodoChecklist list={list} />
      {result?.isError ? <ToolResultView result={result} /> : null}
    </div>
  );
}

/**
 * The main agent's current todo list, for the top of the task view. Give it the view's rows (`useStreamItems`: its
 * `moved` placeholders are skipped); it shows nothing when there is no list, or once the run that wrote it has ended
 * (a `result` after it) unless `running` says the task still runs. `running={false}` hides it.
 */
export function PinnedTodos({ items, running }: { items: readonly ViewRow[]; running?: boolean }) {
  // Not memoised on `items`: the task view's rows array changes in place. The scan back to the last list is short.
  const current = currentTodos(items);
  if (!current || running === false || (running === undefined && current.runEnded)) return null;
  const { active } = todoProgress(current.todos);
  return (
    <div className="rounded-md border border-zinc-200 bg-white/95 px-3 py-1.5 shadow-sm" data-pinned-todos="">
      <LazyDetails
        defaultOpen
        summary={
          <span className="text-zinc-600">
            <span className="font-semibold text-zinc-800">Todo list</span> · {progressText(current)}
            {active ? <span className="text-zinc-500">{` · ${label(active)}`}</span> : null}
          </span>
        }
      >
        {() => <TodoChecklist list={current} />}
      </LazyDetails>
    </div>
  );
}
