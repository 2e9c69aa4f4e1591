import { describe, expect, it } from "vitest";
import { ansiSpans, MAX_SPANS, sanitizeTerminal } from "./ansi";

describe("sanitizeTerminal", () => {
  it("keeps colour sequences and takes out cursor movement, clears, titles and other controls", () => {
    const text =
      "\x1b[2J\x1b[H\x1b[10A\x1b[3;5Hstart \x1b[31mred\x1b[0m\x1b[K \x1b]0;title\x07\x1b]8;;https://x.y\x1b\\link\x1b]8;;\x1b\\ " +
      "\x1b(B\x1b=\x1b[?25lhidden-cursor\x1b[?25h\x07\x00\x7f done\x1b";
    expect(sanitizeTerminal(text)).toBe("start \x1b[31mred\x1b[0m link hidden-cursor done");
  });

  it("keeps what a carriage return wrote last and backspaces over characters", () => {
    expect(sanitizeTerminal("10%\r50%\r100%\nnext\r\n")).toBe("100%\nnext\n");
    expect(sanitizeTerminal("ab\bc")).toBe("ac");
  });
});

describe("ansiSpans", () => {
  it("reads colours and styles into spans", () => {
    expect(ansiSpans("plain \x1b[1;32mok\x1b[0m \x1b[38;2;10;20;30mtrue\x1b[0m \x1b[7mrev\x1b[0m")).toEqual([
      expect.objectContaining({ text: "plain ", color: null, bold: false }),
      expect.objectContaining({ text: "ok", color: "rgb(0, 187, 0)", bold: true }),
      expect.objectContaining({ text: " ", color: null }),
      expect.objectContaining({ text: "true", color: "rgb(10, 20, 30)" }),
      expect.objectContaining({ text: " " }),
      expect.objectContaining({ text: "rev", color: "rgb(0, 0, 0)", background: "rgb(255, 255, 255)" }),
    ]);
    expect(ansiSpans("no colours")).toEqual([expect.objectContaining({ text: "no colours", color: null })]);
    expect(ansiSpans("")).toEqual([]);
  });

  it(`makes at most ${MAX_SPANS} spans, the rest as plain text`, () => {
    const text = "\x1b[31mx\x1b[32my".repeat(5000);
    const spans = ansiSpans(text);
    expect(spans).toHaveLength(MAX_SPANS);
    expect(spans.map((span) => span.text).join("")).toBe("xy".repeat(5000));
  });
});
