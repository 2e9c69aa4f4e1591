import { describe, expect, it } from "vitest";
import { normalizeLine } from "./normalize";
import { MAX_NESTING, pairToolResults, StreamItemBuilder, type StreamItem, type ToolItem } from "./tool-results";

const call = (id: string, parent: string | null = null, name = "Bash") =>
  JSON.stringify({
    type: "assistant",
    message: { role: "assistant", content: [{ type: "tool_use", id, name, input: { command: "ls" } }] },
    parent_tool_use_id: parent,
  });
const answer = (id: string, text: string, parent: string | null = null) =>
  JSON.stringify({
    type: "user",
    message: { role: "user", content: [{ type: "tool_result", tool_use_id: id, content: text }] },
    parent_tool_use_id: parent,
  });
const said = (text: string, parent: string | null = null) =>
  JSON.stringify({ type: "assistant", message: { content: [{ type: "text", text }] }, parent_tool_use_id: parent });
const lines = (raw: string[]) => raw.flatMap((line, i) => normalizeLine({ seq: i + 1, stream: "stdout", line }));

describe("pairToolResults", () => {
  it("shows each result under its call, in the call's place", () => {
    const items = pairToolResults(
      lines([call("a"), call("b"), answer("b", "B out"), "plain text", answer("a", "A out")]),
    );
    expect(items.map((item) => item.kind)).toEqual(["tool", "tool", "entry"]);
    const [first, second] = items;
    expect(first.kind === "tool" && first.use.toolUseId === "a" && first.result?.content).toBe("A out");
    expect(second.kind === "tool" && second.result?.content).toBe("B out");
    expect(items.map((item) => item.key)).toEqual(["1:0", "2:0", "4:0"]);
  });

  it("keeps a result whose call was not seen on its own", () => {
    const items = pairToolResults(lines([answer("ghost", "out"), call("ghost")]));
    expect(items.map((item) => item.kind)).toEqual(["entry", "tool"]);
    expect(items[0].kind === "entry" && items[0].entry.kind).toBe("toolResult");
    expect(items[1].kind === "tool" && items[1].result).toBeNull();
  });

  it("pairs only the first result for an id; a second one stays visible", () => {
    const items = pairToolResults(lines([call("a"), answer("a", "one"), answer("a", "two")]));
    expect(items).toHaveLength(2);
    expect(items[1].kind === "entry" && items[1].entry.kind === "toolResult" && items[1].entry.content).toBe("two");
  });
});

describe("subagents", () => {
  it("nests a subagent's entries under the call that started it, pairing its calls there", () => {
    const items = pairToolResults(
      lines([
        call("task", null, "Agent"),
        said("looking", "task"),
        call("sub1", "task"),
        answer("sub1", "found it", "task"),
        answer("task", "report"),
        said("done"),
      ]),
    );
    expect(items.map((item) => item.kind)).toEqual(["tool", "entry"]);
    const task = items[0] as ToolItem;
    expect(task.result?.content).toBe("report");
    expect(task.children.map((child) => child.key)).toEqual(["2:0", "3:0"]);
    const sub = task.children[1] as ToolItem;
    expect(sub.result?.content).toBe("found it");
    expect(sub.children).toEqual([]);
  });

  it("keeps a subagent entry whose call was not seen where it is", () => {
    const items = pairToolResults(lines([said("orphan", "ghost")]));
    expect(items).toHaveLength(1);
    expect(items[0].kind === "entry" && items[0].entry.parentToolUseId).toBe("ghost");
  });

  it(`nests at most ${MAX_NESTING} levels deep`, () => {
    const raw = [call("c0", null, "Agent")];
    for (let depth = 1; depth <= 8; depth++) raw.push(call(`c${depth}`, `c${depth - 1}`, "Agent"));
    raw.push(said("deepest", "c8"));
    const depthOf = (items: readonly StreamItem[]): number =>
      Math.max(0, ...items.map((item) => 1 + (item.kind === "tool" ? depthOf(item.children) : 0)));
    expect(depthOf(pairToolResults(lines(raw)))).toBe(MAX_NESTING);
  });

  it("leaves stream_event, tool_progress and keep_alive lines out", () => {
    const items = pairToolResults(
      lines([
        JSON.stringify({ type: "stream_event", event: { type: "content_block_delta", index: 7, delta: {} } }),
        JSON.stringify({ type: "tool_progress", tool_use_id: "t", tool_name: "Bash", elapsed_time_seconds: 3 }),
        JSON.stringify({ type: "keep_alive" }),
        said("hello"),
      ]),
    );
    expect(items.map((item) => item.key)).toEqual(["4:0"]);
  });
});

describe("StreamItemBuilder", () => {
  it("replaces what changed, and the calls above it, with new objects; the rest keeps its identity", () => {
    const builder = new StreamItemBuilder();
    const push = (raw: string[], from: number) =>
      raw.flatMap((line, i) => normalizeLine({ seq: from + i, stream: "stdout", line })).map((e) => builder.push(e));
    expect(push([said("hi"), call("task", null, "Agent"), call("sub", "task")], 1)).toEqual([
      "added",
      "added",
      "placed",
    ]);
    const [greeting, task] = builder.rows;
    expect(push([answer("sub", "out", "task")], 4)).toEqual(["placed"]);
    expect(builder.rows[0]).toBe(greeting);
    expect(builder.rows[1]).not.toBe(task);
    expect((task as ToolItem).children[0]).toMatchObject({ result: null });
    expect((builder.rows[1] as ToolItem).children[0]).toMatchObject({ result: { content: "out" } });
    expect(push([JSON.stringify({ type: "stream_event", event: {} })], 5)).toEqual(["skipped"]);
  });

  it("makes what pairToolResults makes", () => {
    const raw = [call("a", null, "Task"), said("x", "a"), answer("a", "r"), call("b"), answer("b", "B")];
    const builder = new StreamItemBuilder();
    for (const entry of lines(raw)) builder.push(entry);
    expect(builder.rows).toEqual(pairToolResults(lines(raw)));
  });
});

describe("a long run", () => {
  it("normalises and pairs 10,000 lines quickly", () => {
    const raw: string[] = [];
    for (let i = 0; i < 2500; i++) raw.push(call(`t${i}`), answer(`t${i}`, `out ${i}\n`.repeat(20)), `plain ${i}`, "");
    const start = performance.now();
    const items = pairToolResults(lines(raw));
    expect(items).toHaveLength(7500);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
