import { describe, expect, it } from "vitest";
import { CHUNK_CHARS, CHUNK_LINES, markdownChunks, markdownRisk, safeUrl } from "./markdown-bounds";

const join = (chunks: { text: string }[]) => chunks.map((chunk) => chunk.text);

describe("markdownChunks", () => {
  it("keeps a short text whole", () => {
    expect(markdownChunks("# Title\n\nText", 5)).toEqual([
      { text: "# Title\n\nText", end: 13, state: expect.anything() },
    ]);
    expect(markdownChunks("", 5)).toEqual([]);
  });

  it("cuts a long text at a blank line, each chunk at most CHUNK_CHARS", () => {
    const paragraph = `${"word ".repeat(199)}word\n\n`;
    const text = paragraph.repeat(100);
    const chunks = markdownChunks(text, 100);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(CHUNK_CHARS);
      expect(chunk.text.endsWith("\n\n")).toBe(true);
    }
    expect(join(chunks).join("")).toBe(text);
  });

  it("closes a code fence it cuts and opens it again in the next chunk", () => {
    const text = "```ts\n" + "const x = 1;\n".repeat(1000) + "```\n\nafter";
    const [first, second] = markdownChunks(text, 2);
    expect(first.text.startsWith("```ts\n")).toBe(true);
    expect(first.text.endsWith("\n```")).toBe(true);
    expect(second.text.startsWith("```ts\nconst x = 1;\n")).toBe(true);
  });

  it("repeats a table's header in the chunk that goes on with it, and cuts at CHUNK_LINES lines", () => {
    const text = "| n | x |\n|---|---|\n" + Array.from({ length: 5000 }, (_, i) => `| ${i} | x |`).join("\n");
    const [first, second] = markdownChunks(text, 2);
    expect(first.text.split("\n").length - 1).toBe(CHUNK_LINES);
    expect(second.text.startsWith("| n | x |\n|---|---|\n| 398 | x |")).toBe(true);
  });

  it("cuts one huge line at a space, or anywhere when it has none", () => {
    const [spaced] = markdownChunks("word ".repeat(300_000), 1);
    expect(spaced.text.length).toBeLessThanOrEqual(CHUNK_CHARS);
    expect(spaced.text.endsWith(" ")).toBe(true);
    const [solid] = markdownChunks("x".repeat(1024 * 1024), 1);
    expect(solid.end).toBe(CHUNK_CHARS);
    const [emoji] = markdownChunks("😀".repeat(CHUNK_CHARS), 1);
    expect(emoji.end % 2).toBe(0);
  });
});

describe("markdownRisk", () => {
  it("flags text that costs the parser far more than its length", () => {
    expect(markdownRisk(">".repeat(5000) + " deep")).toMatch(/nested 5000 levels deep/);
    expect(markdownRisk("- ".repeat(40) + "x")).toMatch(/nested/);
    expect(markdownRisk(Array.from({ length: 300 }, (_, i) => " ".repeat(i * 2) + "- x").join("\n"))).toMatch(/nested/);
    expect(markdownRisk("*a ".repeat(700))).toMatch(/emphasis/);
    expect(markdownRisk("[".repeat(600))).toMatch(/brackets/);
    expect(markdownRisk("- - - x\n".repeat(500))).toMatch(/markers/);
  });

  it("passes ordinary markdown, and what is inside code fences", () => {
    expect(
      markdownRisk("# Title\n\n- a\n  - b\n    - c\n\n**bold** and _em_ and snake_case_name [link](x)"),
    ).toBeNull();
    expect(markdownRisk("```c\n" + "int *p = a[*q];\n".repeat(300) + "```")).toBeNull();
    expect(markdownRisk("my_var_name ".repeat(700))).toBeNull();
  });
});

describe("safeUrl", () => {
  it("allows http(s) and mailto only", () => {
    expect(safeUrl("https://example.com/a?b")).toBe("https://example.com/a?b");
    expect(safeUrl(" HTTP://example.com ")).toBe("HTTP://example.com");
    expect(safeUrl("mailto:a@b.c")).toBe("mailto:a@b.c");
    for (const bad of [
      "javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      "data:text/html,x",
      "/relative",
      "#frag",
      "vbscript:x",
      "//evil.com",
    ]) {
      expect(safeUrl(bad)).toBe("");
    }
  });
});
