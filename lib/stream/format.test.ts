import { describe, expect, it } from "vitest";
import { formatCost, formatDuration, formatTurns, isLong, oneLine, toolHint } from "./format";

describe("format", () => {
  it("formats durations in seconds", () => {
    expect(formatDuration(138)).toBe("0.1 s");
    expect(formatDuration(12_345)).toBe("12.3 s");
    expect(formatDuration(95_000)).toBe("1 min 35 s");
    expect(formatDuration(null)).toBeNull();
  });

  it("formats costs in dollars", () => {
    expect(formatCost(0.0123)).toBe("$0.0123");
    expect(formatCost(0)).toBe("$0.0000");
    expect(formatCost(null)).toBeNull();
  });

  it("formats turns", () => {
    expect(formatTurns(1)).toBe("1 turn");
    expect(formatTurns(4)).toBe("4 turns");
  });

  it("hints at what a tool call does", () => {
    expect(toolHint({ command: "npm test\n  -- --watch", description: "Run" })).toBe("npm test -- --watch");
    expect(toolHint({ file_path: "/repo/src/a.ts", content: "…" })).toBe("/repo/src/a.ts");
    expect(toolHint({ todos: [] })).toBe("");
    expect(toolHint(null)).toBe("");
    expect(oneLine("x".repeat(200), 10)).toHaveLength(10);
  });

  it("tells long text", () => {
    expect(isLong("short")).toBe(false);
    expect(isLong("a\n".repeat(13))).toBe(true);
    expect(isLong("y".repeat(1501))).toBe(true);
  });
});
