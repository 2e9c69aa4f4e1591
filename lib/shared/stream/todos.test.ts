import { describe, expect, it } from "vitest";
import { entriesOf, realStream } from "../../../test/support/real-streams";
import { currentTodos, MAX_TODOS, todoProgress, todosOf } from "./todos";
import { pairToolResults } from "./tool-results";

describe("todosOf", () => {
  it("reads a TodoWrite input, an unknown status as pending, items that are not todos skipped", () => {
    expect(
      todosOf({
        todos: [
          { content: "Explore", activeForm: "Exploring", status: "completed" },
          { content: "Build", activeForm: "Building", status: "in_progress" },
          { content: "Ship", status: "someday" },
          { nope: true },
          "text",
        ],
      }),
    ).toEqual({
      todos: [
        { content: "Explore", activeForm: "Exploring", status: "completed" },
        { content: "Build", activeForm: "Building", status: "in_progress" },
        { content: "Ship", status: "pending" },
      ],
      more: 0,
    });
  });

  it("is null for an input that is not a todo list", () => {
    for (const input of [null, "x", {}, { todos: "x" }]) expect(todosOf(input)).toBeNull();
  });

  it(`reads at most ${MAX_TODOS} items, each cut short`, () => {
    const list = todosOf({
      todos: Array.from({ length: 5000 }, () => ({ content: "x".repeat(10_000), status: "pending" })),
    });
    expect(list?.todos).toHaveLength(MAX_TODOS);
    expect(list?.more).toBe(4900);
    expect(list?.todos[0].content.length).toBe(500);
  });
});

describe("currentTodos on the real transcripts", () => {
  it("is the last TodoWrite's list, and says the run ended once its result came", () => {
    const lines = realStream("claude-clean_v2.0.25_build-go-parser");
    const all = pairToolResults(entriesOf(lines));
    const current = currentTodos(all);
    expect(current?.key).toBe(all.filter((item) => item.kind === "tool" && item.use.name === "TodoWrite").at(-1)?.key);
    expect(current?.runEnded).toBe(true);
    const lastInput = lines
      .map((line) => JSON.parse(line))
      .flatMap((message) => message.message?.content ?? [])
      .filter((block: { type: string; name?: string }) => block.type === "tool_use" && block.name === "TodoWrite")
      .at(-1).input;
    expect(current?.todos).toEqual(lastInput.todos);

    // While the run goes on (before its result line), the list then written is current.
    const running = pairToolResults(entriesOf(lines.slice(0, 30)));
    const during = currentTodos(running);
    expect(during?.runEnded).toBe(false);
    expect(todoProgress(during!.todos)).toMatchObject({ done: 3, total: 7, active: { status: "in_progress" } });
  });

  it("ignores a subagent's list and is null without any", () => {
    const subagentList = JSON.stringify({
      type: "assistant",
      message: {
        content: [
          { type: "tool_use", id: "t2", name: "TodoWrite", input: { todos: [{ content: "sub", status: "pending" }] } },
        ],
      },
      parent_tool_use_id: "task",
    });
    const task = JSON.stringify({
      type: "assistant",
      message: { content: [{ type: "tool_use", id: "task", name: "Task", input: { prompt: "p" } }] },
    });
    expect(currentTodos(pairToolResults(entriesOf([task, subagentList])))).toBeNull();
    expect(currentTodos([])).toBeNull();
  });
});
