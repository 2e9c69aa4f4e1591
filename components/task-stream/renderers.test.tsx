import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { entriesOf, realStream } from "../../test/support/real-streams";
import { pairToolResults, type StreamItem, type ToolItem } from "../../lib/shared/stream/tool-results";
import { AnsiText } from "./ansi-text";
import { StreamItemView } from "./entry-view";
import { PinnedTodos } from "./todo-view";

/** The task view's renderers, on the real CLI's transcripts (test/fixtures/claude/real-streams) and on bad input. */

const itemsOf = (lines: readonly string[]) => pairToolResults(entriesOf(lines));
const html = (item: StreamItem) => renderToStaticMarkup(<StreamItemView item={item} />);
const calls = (items: readonly StreamItem[], name: string): ToolItem[] =>
  items.filter((item): item is ToolItem => item.kind === "tool" && item.use.name === name);
const line = (value: object) => JSON.stringify(value);
const assistant = (...content: object[]) => line({ type: "assistant", message: { role: "assistant", content } });
const toolResult = (id: string, content: unknown, isError = false) =>
  line({
    type: "user",
    message: { role: "user", content: [{ type: "tool_result", tool_use_id: id, content, is_error: isError }] },
  });
/** Renders one assistant text message. */
const markdown = (text: string) => html(itemsOf([assistant({ type: "text", text })])[0]);
const timed = <T,>(run: () => T): [T, number] => {
  const start = performance.now();
  const value = run();
  return [value, performance.now() - start];
};

const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

describe("assistant text", () => {
  it("is markdown: the real summary's bold and lists", () => {
    const items = itemsOf(realStream("terragon_v1.0.x_multiedit"));
    const last = items.filter((item) => item.kind === "entry" && item.entry.kind === "assistantText").at(-1)!;
    const out = html(last);
    expect(out).toContain("<strong>Successful operations:</strong>");
    expect(out).toContain("<li>Multiple sequential edits (renaming functions)</li>");
  });

  it("highlights code blocks that name a language, and only those", () => {
    const out = markdown("```ts\nconst x: number = 1;\n```\n\n```\nconst y = 2;\n```\n\n```brainfuck\n+++\n```");
    expect(out).toContain('<code class="hljs language-ts"><span class="hljs-keyword">const</span>');
    expect(out).toContain("<code>const y = 2;\n</code>");
    expect(out).toContain('<code class="hljs language-brainfuck">+++\n</code>'); // not a language it knows
  });

  it("renders GFM tables, task lists and strikethrough", () => {
    const out = markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n~~gone~~");
    expect(out).toContain("<table>");
    expect(out).toContain('<input type="checkbox" disabled="" checked=""/>');
    expect(out).toContain("<del>gone</del>");
  });

  it("links only to http(s) and mailto, in a new tab without opener or referrer; raw HTML is text; images are links", () => {
    const out = markdown(
      "[ok](https://example.com) [mail](mailto:a@b.c) [bad](javascript:alert(1)) [rel](/tasks/1)\n\n" +
        "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n![pixel](https://tracker.example/p.png) ![x](javascript:alert(1))",
    );
    expect(out).toContain('<a href="https://example.com" target="_blank" rel="noreferrer noopener"');
    expect(out).toContain('<a href="mailto:a@b.c" target="_blank" rel="noreferrer noopener"');
    expect(out).not.toMatch(/href="(javascript|\/tasks)/);
    expect(out).toContain('<span class="underline decoration-dotted">bad</span>');
    expect(out).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(out).not.toContain("<script");
    expect(out).not.toContain("<img");
    expect(out).toContain(
      'href="https://tracker.example/p.png" target="_blank" rel="noreferrer noopener" class="text-blue-700 underline">[image: pixel]</a>',
    );
    expect(out).toContain("<span>[image: x]</span>");
    expect(out).not.toContain("dangerouslySetInnerHTML");
  });
});

describe("TodoWrite", () => {
  const items = itemsOf(realStream("claude-clean_v2.0.25_build-go-parser"));

  it("is a checklist where each call was made", () => {
    const [first, ...rest] = calls(items, "TodoWrite");
    expect(rest).toHaveLength(4);
    const out = html(first);
    expect(out).toContain("Todo list</span> · 0 of 7 done");
    expect(out.match(/<li /g)).toHaveLength(7);
    expect(out).toContain('data-status="in_progress"');
    expect(out).toContain("Exploring repository structure"); // the item in progress says what it is doing
    expect(out).not.toContain("Todos have been modified successfully"); // the tool's confirmation is not shown
    const later = html(rest[1]);
    expect(later).toMatch(/data-status="completed".*line-through/);
  });

  it("pins the current list while the run goes on, and not after its result", () => {
    const lines = realStream("claude-clean_v2.0.25_build-go-parser");
    const during = renderToStaticMarkup(<PinnedTodos items={itemsOf(lines.slice(0, 30))} />);
    expect(during).toContain("data-pinned-todos");
    expect(during).toContain("3 of 7 done");
    expect(renderToStaticMarkup(<PinnedTodos items={items} />)).toBe("");
    expect(renderToStaticMarkup(<PinnedTodos items={items} running />)).toContain("data-pinned-todos");
    expect(renderToStaticMarkup(<PinnedTodos items={itemsOf(lines.slice(0, 30))} running={false} />)).toBe("");
    expect(renderToStaticMarkup(<PinnedTodos items={[]} />)).toBe("");
    // The task view's rows hold placeholders of their own: skipped.
    const rows = [...itemsOf(lines.slice(0, 30)), { kind: "moved", key: "0:0" }];
    expect(renderToStaticMarkup(<PinnedTodos items={rows} />)).toContain("3 of 7 done");
  });
});

describe("Edit, MultiEdit and Write", () => {
  it("draw an edit as a diff, its confirmation collapsed, a failure open", () => {
    const items = itemsOf(realStream("terragon_v1.0.x_edit"));
    const [first, failing] = calls(items, "Edit");
    const out = html(first);
    expect(out).toContain("promptbox.tsx");
    expect(out).toContain("+1 −1");
    expect(out).toMatch(/data-line="del"><span[^>]*>-<\/span> {4}\/\/ Auto-resize textarea<\/div>/);
    expect(out).toMatch(
      /data-line="add"><span[^>]*>\+<\/span> {4}\/\/ Auto-resize textarea \(TEST EDIT - SUCCESSFUL\)<\/div>/,
    );
    expect(out).toContain('data-line="same"');
    expect(out).not.toContain("has been updated"); // the confirmation is collapsed
    const failed = html(failing);
    expect(failed).toContain("border-red-500");
    expect(failed).toContain("String to replace not found");
    const replaceAll = calls(items, "Edit").find((item) => (item.use.input as { replace_all?: boolean }).replace_all);
    expect(html(replaceAll!)).toContain("every occurrence");
  });

  it("draw each edit of a MultiEdit", () => {
    const items = itemsOf(realStream("terragon_v1.0.x_multiedit"));
    const out = html(calls(items, "MultiEdit")[2]);
    expect(out).toContain("edit 1 of 4");
    expect(out).toContain("edit 4 of 4");
    expect(out).toContain("export function PromptBoxComponent({");
  });

  it("draw a written file as added lines, the first of them at first", () => {
    const items = itemsOf(realStream("claude-clean_v2.0.25_build-go-parser"));
    const out = html(calls(items, "Write")[0]);
    expect(out).toContain("main.go");
    expect(out).toMatch(/data-line="add"><span[^>]*>\+<\/span>package main<\/div>/);
    expect(out.match(/data-line="add"/g)).toHaveLength(40);
    expect(out).toMatch(/show more \([\d,]+ lines left\)/);
  });
});

describe("Bash", () => {
  it("shows the command and its output", () => {
    const items = itemsOf(realStream("claude-clean_v2.0.25_build-go-parser"));
    const version = calls(items, "Bash").find(
      (item) => (item.use.input as { command: string }).command === "go version",
    );
    const out = html(version!);
    expect(out).toContain("Check Go version");
    expect(out).toMatch(/>\$<\/span>.*go version/);
    expect(out).toContain("go version go1.25.1 X:nodwarf5 linux/amd64");
  });

  it("draws ANSI colours as spans and takes out escapes that move the cursor", () => {
    const items = itemsOf([
      assistant({ type: "tool_use", id: "b1", name: "Bash", input: { command: "npm test" } }),
      toolResult(
        "b1",
        "\x1b[2J\x1b[H\x1b[1;31mFAIL\x1b[0m src/a.test.ts\x1b[5A\x1b[2K\n\x1b]0;evil title\x07\x1b[32m✓ ok\x1b[0m\n\x1b[33m50%\r100%\x1b[0m",
      ),
    ]);
    const out = html(items[0]);
    expect(out).toContain('<span style="color:rgb(187, 0, 0);font-weight:600">FAIL</span>');
    expect(out).toContain('<span style="color:rgb(0, 187, 0)">✓ ok</span>');
    expect(out).toContain('<span style="color:rgb(187, 187, 0)">100%</span>'); // what the carriage return wrote last
    expect(out).not.toContain("\x1b");
    expect(out).not.toContain("evil title");
    expect(out).not.toMatch(/\[(2J|H|5A|2K)/);
  });
});

describe("Read, Grep and Glob", () => {
  it("are one compact line each that opens to the output", () => {
    const items = itemsOf(realStream("claude-clean_v2.0.25_diagnostic-subagents"));
    const [glob] = calls(items, "Glob");
    const out = html(glob);
    expect(out).toContain('data-tool="compact"');
    expect(out).toContain("**/*.go");
    expect(out).toContain("1 file");
    expect(out).not.toContain('open=""'); // closed: the output is not drawn yet
    expect(html(calls(items, "Grep")[0])).toContain("Found 1 file");
    expect(html(calls(items, "Read")[0])).toMatch(/main\.go<\/span><span[^>]*>467 lines/);
  });
});

describe("Task and its subagent", () => {
  const lines = realStream("claude-clean_v2.0.25_diagnostic-subagents");

  it("nests what the subagent did under the call, its report as markdown", () => {
    const [explore] = calls(itemsOf(lines), "Task");
    const out = html(explore);
    expect(out).toContain("Explore: Explore codebase structure");
    expect(out).toContain("subagent · 7 steps");
    expect(out).toContain("<h2>Organization</h2>");
  });

  it("shows the subagent's steps open while it works", () => {
    const before = lines.findIndex(
      (text) => text.includes('"tool_use_id":"toolu_01Xnzv79g9egnUYoGxEL9fir"') && text.includes("tool_result"),
    );
    const [, locate] = calls(itemsOf(lines.slice(0, before)), "Task");
    const out = html(locate);
    expect(out).toContain("data-subagent");
    expect(out).toContain("**/*_test.go");
    expect(out.match(/data-tool="compact"/g)).toHaveLength(6);
  });
});

describe("the other entries", () => {
  it("keeps thinking collapsed", () => {
    const thought = "I should look at the tests first. " + "Then more. ".repeat(200) + "THE END";
    const out = html(itemsOf([assistant({ type: "thinking", thinking: thought, signature: "s" })])[0]);
    expect(out).toContain("<details");
    expect(out).not.toContain("open");
    expect(out).toContain("I should look at the tests first.");
    expect(out).not.toContain("THE END");
  });

  it("says each system notice and rate-limit event in one quiet line", () => {
    const [compact, retry, hook, status, limit, other] = itemsOf([
      line({ type: "system", subtype: "compact_boundary", compact_metadata: { trigger: "auto", pre_tokens: 155_000 } }),
      line({
        type: "system",
        subtype: "api_retry",
        attempt: 1,
        max_retries: 10,
        retry_delay_ms: 2000,
        error_status: 529,
        error: "overloaded",
      }),
      line({
        type: "system",
        subtype: "hook_response",
        hook_name: "fmt",
        hook_event: "PostToolUse",
        output: "",
        stdout: "",
        stderr: "",
        outcome: "success",
      }),
      line({ type: "system", subtype: "status", status: "requesting" }),
      line({
        type: "rate_limit_event",
        rate_limit_info: { status: "allowed_warning", rateLimitType: "five_hour", utilization: 0.9 },
      }),
      line({ type: "system", subtype: "brand_new_thing", x: 1 }),
    ]).map(html);
    expect(compact).toContain("Conversation compacted (auto): 155,000 tokens before");
    expect(retry).toContain('data-level="warning"');
    expect(retry).toContain("retry 1 of 10 in 2 s");
    expect(hook).toContain("Hook PostToolUse fmt succeeded");
    expect(status).toContain("Waiting for the API…");
    expect(limit).toContain("Usage warning: 90% of the 5-hour limit");
    expect(other).toContain("system: brand_new_thing");
    for (const out of [compact, retry, hook, status, other]) expect(out).not.toContain("open");
  });

  it("shows the result card with tokens beside cost, turns and duration", () => {
    const items = itemsOf(realStream("claude-clean_v2.0.25_diagnostic-subagents"));
    const out = html(items.at(-1)!);
    expect(out).toContain("Completed");
    for (const fact of [
      "19 turns",
      "42.8 s",
      "$0.2109",
      "16 tokens in",
      "956 out",
      "cache 11,907 written, 58,826 read",
    ]) {
      expect(out).toContain(`<span>${fact}</span>`);
    }
    expect(html(itemsOf(realStream("terragon_v1.0.x_edit")).at(-1)!)).toContain("<span>80 tokens in</span>");
    // A result without usage shows no tokens.
    const bare = html(itemsOf([line({ type: "result", subtype: "success", num_turns: 1 })])[0]);
    expect(bare).toContain("1 turn");
    expect(bare).not.toContain("tokens");
  });

  it("keeps an unknown line visible, collapsed, as its JSON", () => {
    const out = html(itemsOf([line({ type: "future_type", payload: { a: 1 } })])[0]);
    expect(out).toContain("future_type");
    expect(out).toContain("<details");
    expect(out).not.toContain("open");
  });

  it("shows the images of a tool result, and says why one is not shown", () => {
    const items = itemsOf([
      assistant({ type: "tool_use", id: "s1", name: "mcp__browser__screenshot", input: {} }),
      toolResult("s1", [
        { type: "image", source: { type: "base64", media_type: "image/png", data: PNG } },
        { type: "image", source: { type: "base64", media_type: "image/png", data: "%%% not base64 <script>" } },
      ]),
    ]);
    const out = html(items[0]);
    expect(out.match(/<img /g)).toHaveLength(1);
    expect(out).toContain(`src="data:image/png;base64,${PNG}"`);
    expect(out).toContain("[image not shown: the data is not valid base64]");
    expect(out).not.toContain("<script");
  });
});

describe("bad input renders bounded, escaped and quickly", () => {
  const LIMIT_MS = 3000; // generous: the test machine is slow; a freeze is tens of seconds

  it("a line of 1 MiB of markdown", () => {
    const [out, ms] = timed(() => markdown("Some **bold** text, `code` and a [link](https://e.com). ".repeat(20_000)));
    expect(ms).toBeLessThan(LIMIT_MS);
    expect(out.length).toBeLessThan(100_000);
    expect(out).toMatch(/show more \([\d,]+ characters left\)/);
  });

  it("a table of 5,000 rows", () => {
    const table =
      "| n | name |\n|---|---|\n" + Array.from({ length: 5000 }, (_, i) => `| ${i} | row ${i} |`).join("\n");
    const [out, ms] = timed(() => markdown(table));
    expect(ms).toBeLessThan(LIMIT_MS);
    expect(out.match(/<tr>/g)!.length).toBeLessThanOrEqual(101);
    expect(out).toContain("298 more rows not shown");
  });

  it("deeply nested lists and quotes", () => {
    const outs: string[] = [];
    for (const text of [
      Array.from({ length: 2000 }, (_, i) => " ".repeat(i * 2) + "- level " + i).join("\n"),
      "- ".repeat(50_000) + "deep",
      ">".repeat(100_000) + " deep",
      Array.from({ length: 12 }, (_, i) => "  ".repeat(i) + "- level " + i).join("\n"),
    ]) {
      const [out, ms] = timed(() => markdown(text));
      expect(ms).toBeLessThan(LIMIT_MS);
      expect(out.length).toBeLessThan(100_000);
      expect((out.match(/<ul>/g) ?? []).length).toBeLessThanOrEqual(10);
      outs.push(out);
    }
    for (const out of outs.slice(0, 3)) expect(out).toMatch(/Shown as plain text: nested \d+ levels deep/);
    expect(outs[3]).toContain("… (nested too deeply to show)"); // parsed, then pruned at ten levels
  });

  it("an image that is not valid base64", () => {
    const items = itemsOf([
      assistant({ type: "tool_use", id: "r", name: "Read", input: { file_path: "a.png" } }),
      toolResult("r", [
        { type: "image", source: { type: "base64", media_type: "image/png", data: "@@@".repeat(100_000) } },
      ]),
    ]);
    const item = items[0] as ToolItem;
    expect(item.result?.images).toBeUndefined();
    expect(item.result?.content).toBe("[image not shown: the data is not valid base64]");
    expect(html(item)).not.toContain("<img");
  });

  it("a stream_event for a block that never started is left out", () => {
    const items = itemsOf([
      line({
        type: "stream_event",
        event: { type: "content_block_delta", index: 42, delta: { type: "text_delta", text: "<b>x</b>" } },
      }),
      line({ type: "stream_event", event: { type: "content_block_stop", index: 42 } }),
      assistant({ type: "text", text: "Hello" }),
    ]);
    expect(items).toHaveLength(1);
    expect(html(items[0])).toContain("Hello");
  });

  it("a 1 MiB command output full of colours and cursor moves", () => {
    const output = "\x1b[31my\x1b[0m\x1b[1A\x1b[2K\n".repeat(60_000);
    const [out, ms] = timed(() => renderToStaticMarkup(<AnsiText text={output} />));
    expect(ms).toBeLessThan(LIMIT_MS);
    expect(out.length).toBeLessThan(200_000);
    expect(out).not.toContain("\x1b");
    expect(out).toMatch(/show more \([\d,]+ characters left\)/);
  });
});
