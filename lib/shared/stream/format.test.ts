import { describe, expect, it } from "vitest";
import {
  formatBytes,
  formatClock,
  formatCost,
  formatCount,
  formatDuration,
  formatTurns,
  isLong,
  oneLine,
  plural,
  prettyInput,
  toolHint,
} from "./format";

describe("format", () => {
  it("formats durations in seconds", () => {
    expect(formatDuration(138)).toBe("0.1 s");
    expect(formatDuration(12_345)).toBe("12.3 s");
    expect(formatDuration(95_000)).toBe("1 min 35 s");
    // Rounded before minutes and seconds are split.
    expect(formatDuration(119_600)).toBe("2 min 0 s");
    expect(formatDuration(59_970)).toBe("1 min 0 s");
    expect(formatDuration(59_940)).toBe("59.9 s");
    expect(formatDuration(null)).toBeNull();
  });

  it("formats costs in dollars", () => {
    expect(formatCost(0.0123)).toBe("$0.0123");
    expect(formatCost(0)).toBe("$0.0000");
    expect(formatCost(null)).toBeNull();
  });

  it("counts bytes in powers of 1024 with one decimal above a kilobyte", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1023)).toBe("1023 B");
    expect(formatBytes(4096)).toBe("4.0 KB");
    expect(formatBytes(1.5 * 1024 ** 3)).toBe("1.5 GB");
    expect(formatBytes(3 * 1024 ** 5)).toBe("3072.0 TB");
  });

  it("shows a dash when the size is unknown", () => {
    expect(formatBytes(null)).toBe("—");
    expect(formatBytes(undefined)).toBe("—");
  });

  it("groups the thousands of a count", () => {
    expect(formatCount(7)).toBe("7");
    expect(formatCount(1_048_576)).toBe("1,048,576");
  });

  it("makes a noun plural unless the count is one", () => {
    expect(plural(1, "file")).toBe("1 file");
    expect(plural(0, "file")).toBe("0 files");
    expect(plural(2, "entry", "entries")).toBe("2 entries");
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

  it("pretty-prints a tool's input", () => {
    expect(prettyInput({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(prettyInput(undefined)).toBe("undefined");
  });
});

describe("formatClock", () => {
  const now = new Date(2026, 11, 1, 14, 30);
  it("gives the time of day today, with the date on another day", () => {
    expect(formatClock(new Date(2026, 11, 1, 15, 0), now)).toBe("15:00");
    expect(formatClock(new Date(2026, 11, 2, 9, 5), now)).toBe("2026-12-02 09:05");
  });
});
