import { describe, expect, it } from "vitest";
import { addedLines, lineDiff, MAX_LINES } from "./diff-lines";

describe("lineDiff", () => {
  it("gives removed and added lines with a little context", () => {
    const before = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"].join("\n");
    // Runs of unchanged lines keep 3 lines next to the change: a–d all (one more would be no shorter), f–h of f–j.
    const after = before.replace("e", "E");
    expect(lineDiff(before, after)).toEqual({
      lines: [
        { kind: "same", text: "a" },
        { kind: "same", text: "b" },
        { kind: "same", text: "c" },
        { kind: "same", text: "d" },
        { kind: "del", text: "e" },
        { kind: "add", text: "E" },
        { kind: "same", text: "f" },
        { kind: "same", text: "g" },
        { kind: "same", text: "h" },
        { kind: "skip", count: 2 },
      ],
      added: 1,
      removed: 1,
      exact: true,
    });
  });

  it("reads a removal to nothing and an addition from nothing", () => {
    expect(lineDiff("  // TEST: Adding multiline content", "")).toMatchObject({ added: 0, removed: 1 });
    expect(lineDiff("", "x\ny\n")).toMatchObject({
      lines: [
        { kind: "add", text: "x" },
        { kind: "add", text: "y" },
      ],
    });
  });

  it("gives up on texts too different to diff cheaply: the old, then the new", () => {
    const before = Array.from({ length: 3000 }, (_, i) => `old ${i}`).join("\n");
    const after = Array.from({ length: 3000 }, (_, i) => `new ${i}`).join("\n");
    const start = performance.now();
    const diff = lineDiff(before, after);
    expect(performance.now() - start).toBeLessThan(1000);
    expect(diff).toMatchObject({ exact: false, added: 3000, removed: 3000 });
    expect(diff.lines.length).toBeLessThanOrEqual(MAX_LINES + 1);
  });
});

describe("addedLines", () => {
  it("adds every line of a new file, at most MAX_LINES of them drawn", () => {
    expect(addedLines("package main\n\nfunc main() {}\n").lines).toEqual([
      { kind: "add", text: "package main" },
      { kind: "add", text: "" },
      { kind: "add", text: "func main() {}" },
    ]);
    const big = addedLines("x\n".repeat(MAX_LINES + 10));
    expect(big.added).toBe(MAX_LINES + 10);
    expect(big.lines.at(-1)).toEqual({ kind: "skip", count: 10 });
  });
});
