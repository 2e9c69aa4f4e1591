import { describe, expect, it } from "vitest";
import type { StoredLine } from "../../lib/shared/protocol/ui";
import { normalizeLines } from "../../lib/shared/stream/normalize";
import { pairToolResults } from "../../lib/shared/stream/tool-results";
import { StreamRows } from "./stream-rows";

/** A claude stream: parallel tool calls, a Task call whose subagent works (nested) while the main agent waits. */
function stream(): StoredLine[] {
  const said = (content: object, parent: string | null = null, role = "assistant") =>
    JSON.stringify({ type: role, message: { role, content: [content] }, parent_tool_use_id: parent });
  const call = (id: string, name: string, parent: string | null = null) =>
    said({ type: "tool_use", id, name, input: { command: id } }, parent);
  const result = (id: string, parent: string | null = null) =>
    said({ type: "tool_result", tool_use_id: id, content: `output of ${id}` }, parent, "user");
  const text = (words: string, parent: string | null = null) => said({ type: "text", text: words }, parent);
  const raw = [
    text("Looking around."),
    call("a", "Bash"),
    call("b", "Read"),
    result("b"),
    text("Half done."),
    result("a"),
    call("task", "Task"),
    text("The subagent starts.", "task"),
    call("sub1", "Bash", "task"),
    result("sub1", "task"),
    text("The main agent waits.", null),
    call("sub2", "Grep", "task"),
    result("sub2", "task"),
    result("task"),
    result("nobody"),
    text("All done."),
  ];
  return raw.map((line, i) => ({
    seq: i + 1,
    stream: "stdout",
    line,
    jsonType: JSON.parse(line).type,
    createdAt: "2026-01-01T00:00:00.000Z",
  }));
}

describe("StreamRows", () => {
  it("makes the rows pairToolResults makes, whichever way the lines come in at the end", () => {
    const lines = stream();
    for (const batch of [1, 2, 3, 5, lines.length]) {
      const rows = new StreamRows();
      for (let end = batch; end < lines.length + batch; end += batch) {
        const held = lines.slice(0, Math.min(end, lines.length));
        expect(rows.update(held)).toEqual(pairToolResults(normalizeLines(held)));
      }
    }
  });

  it("keeps the rows' array as the output grows at the end, and replaces only the rows that changed", () => {
    const lines = stream();
    const rows = new StreamRows();
    const first = rows.update(lines.slice(0, 3));
    const [text, callA] = first;
    const grown = rows.update(lines.slice(0, 6));
    expect(grown).toBe(first);
    expect(grown[0]).toBe(text);
    expect(grown[1]).not.toBe(callA);
    expect(grown[1]).toMatchObject({ kind: "tool", key: "2:0", result: { seq: 6 } });
  });

  it("with older lines put in front, pairs what they answer and leaves moved rows where those were", () => {
    const lines = stream();
    const rows = new StreamRows();
    // The newest lines alone: the subagent's calls and the result of "task" have no call to go under.
    const tail = rows.update(lines.slice(8));
    expect(tail.map((row) => row.key)).toEqual(["9:0", "11:0", "12:0", "14:0", "15:0", "16:0"]);
    const all = rows.update(lines);
    expect(all).not.toBe(tail);
    const expected = pairToolResults(normalizeLines(lines));
    expect(all.filter((row) => row.kind !== "moved")).toEqual(expected);
    // Every key shown before is still there, in order.
    const keys = all.map((row) => row.key);
    expect(tail.every((row) => keys.includes(row.key))).toBe(true);
    expect(all.filter((row) => row.kind === "moved").map((row) => row.key)).toEqual(["9:0", "12:0", "14:0"]);
    expect(keys).toEqual([...keys].sort((a, b) => Number(a.split(":")[0]) - Number(b.split(":")[0])));
  });
});
