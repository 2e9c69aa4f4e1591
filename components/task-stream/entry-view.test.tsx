import { readFileSync } from "node:fs";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { normalizeLines } from "../../lib/shared/stream/normalize";
import { pairToolResults } from "../../lib/shared/stream/tool-results";
import { StreamItemView } from "./entry-view";
import { LONG_TEXT_LIMIT } from "./long-text";

type Stream = "stdout" | "stderr" | "system";
const render = (lines: [Stream, string][]) =>
  pairToolResults(normalizeLines(lines.map(([stream, line], i) => ({ seq: i + 1, stream, line })))).map((item) =>
    renderToStaticMarkup(<StreamItemView item={item} />),
  );

const fixture = readFileSync(new URL("../../test/fixtures/claude/not-logged-in.stream.jsonl", import.meta.url), "utf8")
  .split("\n")
  .filter(Boolean);

describe("StreamItemView", () => {
  it("renders the recorded not-logged-in run", () => {
    const [init, error, result] = render(fixture.map((line) => ["stdout", line]));
    expect(init).toContain("claude-opus-5-5");
    expect(error).toContain("authentication_failed");
    expect(error).toContain("Not logged in · Please run /login");
    expect(result).toContain("Failed: Not logged in · Please run /login");
    expect(result).toContain("1 turn");
    expect(result).toContain("0.1 s");
    expect(result).toContain("$0.0000");
  });

  it("renders a tool call with its result beneath it, error marked", () => {
    const call = {
      type: "assistant",
      message: {
        content: [
          { type: "text", text: "Running\n  tests" },
          { type: "tool_use", id: "t1", name: "Bash", input: { command: "npm test" } },
        ],
      },
    };
    const answer = {
      type: "user",
      message: { content: [{ type: "tool_result", tool_use_id: "t1", content: "1 failed", is_error: true }] },
    };
    const html = render([
      ["stdout", JSON.stringify(call)],
      ["stdout", JSON.stringify(answer)],
    ]);
    expect(html).toHaveLength(2);
    expect(html[0]).toContain("<p>Running\ntests</p>"); // markdown
    expect(html[1]).toContain("<details");
    expect(html[1]).toContain("Bash");
    expect(html[1]).toContain("npm test");
    expect(html[1]).toContain("border-red-500");
    expect(html[1]).toContain(">error<");
    expect(html[1]).toContain("1 failed"); // short results start open
  });

  it("renders stderr, daemon notices, raw, unknown and success lines distinctly; leaves stream_event out", () => {
    const [stderr, warning, raw, unknown, done, ...more] = render([
      ["stderr", "npm ERR! missing script"],
      ["system", "Warning: no output for 60 s"],
      ["stdout", "not json at all"],
      ["stdout", '{"type":"stream_event","event":{}}'],
      ["stdout", '{"type":"control_response","response":{}}'],
      [
        "stdout",
        JSON.stringify({
          type: "result",
          subtype: "success",
          is_error: false,
          num_turns: 3,
          duration_ms: 4200,
          total_cost_usd: 0.0123,
        }),
      ],
    ]);
    expect(stderr).toContain(">stderr<");
    expect(stderr).toContain("npm ERR! missing script");
    expect(warning).toContain('data-level="warning"');
    expect(raw).toContain("not json at all");
    expect(unknown).toContain("control_response");
    expect(unknown).toContain("<details");
    expect(more).toEqual([]);
    expect(done).toContain("Completed");
    expect(done).toContain("$0.0123");
    expect(done).toContain("4.2 s");
  });

  it("cuts a huge line until asked for all of it", () => {
    const [html] = render([["stdout", "z".repeat(2 * 1024 * 1024)]]);
    expect(html.length).toBeLessThan(LONG_TEXT_LIMIT + 2000);
    expect(html).toContain("show all (2,097,152 characters)");
  });

  it("renders loop events", () => {
    const [iteration, notReady, ready, breaker, done, doneOne, malformed] = render([
      ["system", JSON.stringify({ type: "loop.iteration", n: 3, max: 10 })],
      [
        "system",
        JSON.stringify({
          type: "loop.gate",
          iteration: 3,
          ready: false,
          reason: "tests fail",
          progress: "2 of 3 steps",
          blockers: ["fix login", "add docs"],
        }),
      ],
      [
        "system",
        JSON.stringify({
          type: "loop.gate",
          iteration: 4,
          ready: true,
          reason: "all done",
          progress: null,
          blockers: [],
        }),
      ],
      ["system", JSON.stringify({ type: "loop.breaker", reason: "no progress in 3 iterations", iteration: 5 })],
      ["system", JSON.stringify({ type: "loop.done", iterations: 4, reason: "gate ready" })],
      ["system", JSON.stringify({ type: "loop.done", iterations: 1, reason: "gate ready" })],
      ["system", '{"type":"loop.iteration","n":"x"}'],
    ]);
    expect(iteration).toContain('data-kind="loopIteration"');
    expect(iteration).toContain("Iteration 3 of 10");
    expect(notReady).toContain('data-kind="loopGate"');
    expect(notReady).toContain("Completion gate: not ready");
    expect(notReady).toContain("border-amber-400");
    expect(notReady).toContain("Reason: tests fail");
    expect(notReady).toContain("Progress: 2 of 3 steps");
    expect(notReady).toContain("<li");
    expect(notReady).toContain("fix login");
    expect(notReady).toContain("add docs");
    expect(ready).toContain("Completion gate: ready");
    expect(ready).toContain("border-green-400");
    expect(ready).not.toContain("Progress:");
    expect(ready).not.toContain("<li");
    expect(breaker).toContain('data-kind="loopBreaker"');
    expect(breaker).toContain('role="alert"');
    expect(breaker).toContain("Circuit breaker tripped: no progress in 3 iterations");
    expect(breaker).toContain("iteration 5");
    expect(done).toContain('data-kind="loopDone"');
    expect(done).toContain("Loop finished after 4 iterations: gate ready");
    expect(doneOne).toContain("Loop finished after 1 iteration: gate ready");
    expect(malformed).toContain('data-kind="system"');
  });
});
