import { describe, expect, it } from "vitest";
import type { StoredLine } from "@/lib/shared/protocol/ui";
import { StreamRows } from "./stream-rows";
import { filterRows, itemAnchors, lineOfSeq, rowIndexOfSeq, rowSeqs, seqOfHash } from "./row-seqs";

const line = (seq: number, message: unknown): StoredLine => ({
  seq,
  stream: "stdout",
  line: JSON.stringify(message),
  jsonType: null,
  createdAt: "2026-12-01T10:00:00.000Z",
});
const text = (seq: number, words: string) =>
  line(seq, { type: "assistant", message: { content: [{ type: "text", text: words }] } });
const call = (seq: number, id: string) =>
  line(seq, {
    type: "assistant",
    message: { content: [{ type: "tool_use", id, name: "Bash", input: { command: "ls" } }] },
  });
const result = (seq: number, id: string, isError = false) =>
  line(seq, {
    type: "user",
    message: { content: [{ type: "tool_result", tool_use_id: id, content: "x", is_error: isError }] },
  });

const lines = [text(1, "hello"), call(2, "a"), text(3, "between"), result(4, "a", true), text(5, "bye")];
const rows = new StreamRows().update(lines);

describe("rows and the lines they show", () => {
  it("finds the row of a line, a tool result under its call included, or the next row", () => {
    expect(rows.map((row) => row.key)).toEqual(["1:0", "2:0", "3:0", "5:0"]);
    expect(rowIndexOfSeq(rows, 4)).toBe(1);
    expect(rowIndexOfSeq(rows, 5)).toBe(3);
    expect(rowIndexOfSeq(rows, 99)).toBe(-1);
    expect(rowIndexOfSeq(filterRows(rows, new Set(["messages"])), 2)).toBe(1);
  });

  it("gives each line's first entry its anchor, and a call its result's", () => {
    const tool = rows[1];
    if (tool.kind !== "tool") throw new Error("a tool row");
    expect(itemAnchors(tool)).toEqual({ own: "seq-2", result: "seq-4" });
    expect(rowSeqs(tool)).toEqual({ own: 2, result: 4 });
    expect(seqOfHash("#seq-42")).toBe(42);
    expect(seqOfHash("#seq-0")).toBeNull();
    expect(seqOfHash("#seq-x")).toBeNull();
  });

  it("filters rows by category, the call of a failed result being an error", () => {
    expect(filterRows(rows, new Set())).toBe(rows);
    expect(filterRows(rows, new Set(["errors"])).map((row) => row.key)).toEqual(["2:0"]);
    expect(filterRows(rows, new Set(["messages"])).map((row) => row.key)).toEqual(["1:0", "3:0", "5:0"]);
  });

  it("finds a held line by seq", () => {
    expect(lineOfSeq(lines, 3)).toBe(lines[2]);
    expect(lineOfSeq(lines, 6)).toBeUndefined();
  });
});
