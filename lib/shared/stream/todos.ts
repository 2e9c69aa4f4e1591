import { z } from "zod";
import type { StreamItem, ToolItem } from "./tool-results";

/**
 * claude's todo list, as its TodoWrite calls set it: each call carries the whole list (sdk-tools.d.ts
 * TodoWriteInput), so the current list is the last call's. The view draws every call as a checklist and pins the
 * current one at the top of the task while its run goes on.
 */

export const TodoStatus = z.enum(["pending", "in_progress", "completed"]);
export type TodoStatus = z.infer<typeof TodoStatus>;

/** At most this many items are read from one call, each cut to `MAX_TODO_TEXT` characters. */
export const MAX_TODOS = 100;
export const MAX_TODO_TEXT = 500;

const Todo = z.object({
  content: z.string().transform((value) => value.slice(0, MAX_TODO_TEXT)),
  // An unknown status reads as pending rather than losing the item.
  status: TodoStatus.catch("pending"),
  activeForm: z
    .string()
    .transform((value) => value.slice(0, MAX_TODO_TEXT))
    .optional()
    .catch(undefined),
});
export type Todo = z.infer<typeof Todo>;

const TodoWriteInput = z.object({ todos: z.array(z.unknown()) });

export interface TodoList {
  todos: Todo[];
  /** Items past `MAX_TODOS`, not read. */
  more: number;
}

/** A TodoWrite call's input → its list; null when it is not one (items that are not todos are skipped). */
export function todosOf(input: unknown): TodoList | null {
  const parsed = TodoWriteInput.safeParse(input);
  if (!parsed.success) return null;
  const todos: Todo[] = [];
  for (const value of parsed.data.todos.slice(0, MAX_TODOS)) {
    const todo = Todo.safeParse(value);
    if (todo.success) todos.push(todo.data);
  }
  return { todos, more: Math.max(0, parsed.data.todos.length - MAX_TODOS) };
}

/** A view's row: a `StreamItem`, or a row of the view's own (the task view's placeholders), which is skipped. */
export type ViewRow = StreamItem | { kind: string; key: string };

export function isTodoWrite(row: ViewRow): row is ToolItem {
  return row.kind === "tool" && (row as ToolItem).use?.name === "TodoWrite";
}

function isResult(row: ViewRow): boolean {
  return row.kind === "entry" && (row as Extract<StreamItem, { kind: "entry" }>).entry?.kind === "result";
}

export interface CurrentTodos extends TodoList {
  /** The key of the TodoWrite call it comes from. */
  key: string;
  /** A `result` line came after that call: the run that kept the list is over. */
  runEnded: boolean;
}

/**
 * The main agent's current todo list: its last TodoWrite call's, among the view's top-level items (a subagent's
 * lists are nested under its call and do not count). Null when it has written none. Scans back from the end.
 */
export function currentTodos(items: readonly ViewRow[]): CurrentTodos | null {
  let runEnded = false;
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (isResult(item)) runEnded = true;
    if (!isTodoWrite(item)) continue;
    const list = todosOf(item.use.input);
    if (list) return { ...list, key: item.key, runEnded };
  }
  return null;
}

/** How many are done, of how many. */
export function todoProgress(todos: readonly Todo[]): { done: number; total: number; active: Todo | null } {
  let done = 0;
  let active: Todo | null = null;
  for (const todo of todos) {
    if (todo.status === "completed") done++;
    else if (todo.status === "in_progress" && !active) active = todo;
  }
  return { done, total: todos.length, active };
}
