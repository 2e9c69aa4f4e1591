import { describe, expect, it } from "vitest";
import { entryCategories, itemHasCategory } from "./entry-categories";
import { normalizeLine } from "./normalize";
import { MAX_SEARCH_TEXT_PER_LINE, searchableText, searchTerms, stringValues } from "./search-text";
import { pairToolResults } from "./tool-results";

const stdout = (message: unknown, seq = 1) => ({ seq, stream: "stdout" as const, line: JSON.stringify(message) });
const assistant = (...content: unknown[]) => stdout({ type: "assistant", message: { content }, session_id: "s" });
const toolResult = (content: string, isError = false) =>
  stdout({
    type: "user",
    message: { content: [{ type: "tool_result", tool_use_id: "t1", content, is_error: isError }] },
  });

describe("searchableText", () => {
  it("holds a message's text, not the JSON keys or ids around it", () => {
    const text = searchableText(assistant({ type: "text", text: "The parser is fixed." }));
    expect(text).toEqual({ messages: "The parser is fixed.", tools: "", errors: "", other: "" });
    expect(JSON.stringify(text)).not.toMatch(/session_id|assistant|"type"/);
  });

  it("holds a tool call's name and its input's values (a Bash command, a file path), not its keys", () => {
    const bash = searchableText(
      assistant({ type: "tool_use", id: "t1", name: "Bash", input: { command: "npm test", description: "Run it" } }),
    );
    expect(bash.tools).toBe("Bash\nnpm test\nRun it");
    expect(bash.tools).not.toContain("command");
    const edit = searchableText(
      assistant({
        type: "tool_use",
        id: "t2",
        name: "Edit",
        input: { file_path: "/repo/src/parser.ts", old_string: "let a", new_string: "const a" },
      }),
    );
    expect(edit.tools).toBe("Edit\n/repo/src/parser.ts\nlet a\nconst a");
  });

  it("files a tool result under tools, and a failed one under errors as well", () => {
    expect(searchableText(toolResult("3 passed"))).toMatchObject({ tools: "3 passed", errors: "" });
    expect(searchableText(toolResult("ENOENT: no such file", true))).toMatchObject({
      tools: "ENOENT: no such file",
      errors: "ENOENT: no such file",
    });
  });

  it("keeps the text of each entry of a line in its own category", () => {
    const text = searchableText(
      assistant(
        { type: "text", text: "Let me look." },
        { type: "tool_use", id: "t1", name: "Read", input: { file_path: "/repo/a.ts" } },
      ),
    );
    expect(text).toMatchObject({ messages: "Let me look.", tools: "Read\n/repo/a.ts" });
  });

  it("reads stderr, daemon notices, results and non-JSON lines as they are shown", () => {
    expect(searchableText({ seq: 1, stream: "stderr", line: "fatal: not a git repository" }).errors).toBe(
      "fatal: not a git repository",
    );
    expect(searchableText({ seq: 1, stream: "system", line: "Error: the worktree is gone" }).errors).toBe(
      "Error: the worktree is gone",
    );
    expect(searchableText({ seq: 1, stream: "system", line: "Resumed by ada" }).other).toBe("Resumed by ada");
    expect(searchableText({ seq: 1, stream: "stdout", line: "plain text {" }).other).toBe("plain text {");
    expect(searchableText(stdout({ type: "result", subtype: "success", result: "All done" })).messages).toBe(
      "All done",
    );
  });

  it("indexes the values of an unknown message, and nothing of the live-only ones the view leaves out", () => {
    expect(searchableText(stdout({ type: "brand_new", note: "something new" })).other).toBe("brand_new\nsomething new");
    const partial = searchableText(stdout({ type: "stream_event", event: { delta: { text: "typing" } } }));
    expect(partial).toEqual({ messages: "", tools: "", errors: "", other: "" });
  });

  it("never indexes more than MAX_SEARCH_TEXT_PER_LINE characters of a line, however large", () => {
    const huge = "word ".repeat(100_000);
    const text = searchableText(toolResult(huge));
    expect(text.tools.length).toBe(MAX_SEARCH_TEXT_PER_LINE);
    const many = searchableText(
      assistant(...Array.from({ length: 50 }, (_, i) => ({ type: "text", text: `${i} ${"x".repeat(5_000)}` }))),
    );
    expect(many.messages.length).toBeLessThanOrEqual(MAX_SEARCH_TEXT_PER_LINE + 50);
  });

  it("reads a bounded number of an input's values, however deep or wide", () => {
    let deep: unknown = "bottom";
    for (let i = 0; i < 1_000; i++) deep = { next: deep };
    expect(stringValues(deep)).toEqual([]);
    const wide = Array.from({ length: 100_000 }, (_, i) => `v${i}`);
    const values = stringValues(wide);
    expect(values.length).toBeLessThan(2_000);
    expect(values.slice(0, 3)).toEqual(["v0", "v1", "v2"]);
  });

  it("never throws, whatever the line", () => {
    for (const line of ["", "{", "null", "[1,2]", '{"type":"assistant","message":{"content":[null,1,"x"]}}'])
      expect(() => searchableText({ seq: 1, stream: "stdout", line })).not.toThrow();
  });
});

describe("searchTerms", () => {
  it("splits at white space and keeps words with a letter or digit, operators included as words", () => {
    expect(searchTerms('  "foo  a AND ( ) * module-12.ts ')).toEqual(['"foo', "a", "AND", "module-12.ts"]);
    expect(searchTerms('" ( ) *')).toEqual([]);
    expect(searchTerms("é 中文")).toEqual(["é", "中文"]);
  });

  it("takes at most 16 words of at most 500 characters", () => {
    expect(searchTerms(Array.from({ length: 40 }, (_, i) => `w${i}`).join(" "))).toHaveLength(16);
    expect(searchTerms("x".repeat(10_000))[0]).toHaveLength(500);
  });
});

describe("entry categories", () => {
  it("puts messages, tools and errors where the filters expect them", () => {
    const categories = (line: ReturnType<typeof stdout>) => normalizeLine(line).map(entryCategories);
    expect(categories(assistant({ type: "text", text: "hi" }))).toEqual([["messages"]]);
    expect(categories(toolResult("boom", true))).toEqual([["tools", "errors"]]);
    expect(categories(stdout({ type: "result", subtype: "error_max_turns", is_error: true }))).toEqual([
      ["messages", "errors"],
    ]);
    expect(normalizeLine({ seq: 1, stream: "stderr", line: "x" }).map(entryCategories)).toEqual([["errors"]]);
    expect(categories(stdout({ type: "system", subtype: "init", session_id: "s" }))).toEqual([[]]);
  });

  it("counts a tool call's failed result, and its subagent's messages, for the call's row", () => {
    const items = pairToolResults([
      ...normalizeLine(assistant({ type: "tool_use", id: "t1", name: "Bash", input: { command: "false" } })),
      ...normalizeLine({ ...toolResult("exit 1", true), seq: 2 }),
    ]);
    expect(items).toHaveLength(1);
    expect(itemHasCategory(items[0], new Set(["errors"]))).toBe(true);
    expect(itemHasCategory(items[0], new Set(["messages"]))).toBe(false);
    const agent = pairToolResults([
      ...normalizeLine(assistant({ type: "tool_use", id: "a1", name: "Task", input: { prompt: "look" } })),
      ...normalizeLine(
        stdout(
          { type: "assistant", parent_tool_use_id: "a1", message: { content: [{ type: "text", text: "found" }] } },
          2,
        ),
      ),
    ]);
    expect(agent).toHaveLength(1);
    expect(itemHasCategory(agent[0], new Set(["messages"]))).toBe(true);
  });
});
