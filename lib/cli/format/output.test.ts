import { describe, expect, it } from "vitest";
import { renderOutputLine } from "./output";

let seq = 0;
const stdout = (message: unknown) =>
  renderOutputLine({
    seq: ++seq,
    stream: "stdout",
    line: typeof message === "string" ? message : JSON.stringify(message),
  });
const assistant = (...content: unknown[]) => stdout({ type: "assistant", message: { content } });
const toolResult = (content: string, isError = false) =>
  stdout({
    type: "user",
    message: { content: [{ type: "tool_result", tool_use_id: "t1", content, is_error: isError }] },
  });

describe("renderOutputLine", () => {
  it("renders claude's session start, text and tool calls as Claude Code's terminal does", () => {
    expect(stdout({ type: "system", subtype: "init", session_id: "s1", model: "claude-x", cwd: "/w/t" })).toBe(
      "● Session started · claude-x · /w/t",
    );
    expect(assistant({ type: "text", text: "Looking.\nTwo lines." })).toBe("Looking.\nTwo lines.");
    expect(
      assistant(
        { type: "text", text: "Run it." },
        { type: "tool_use", id: "t1", name: "Bash", input: { command: "npm   test" } },
      ),
    ).toBe("Run it.\n⏺ Bash(npm test)");
    expect(assistant({ type: "tool_use", id: "t2", name: "TodoWrite", input: { todos: [] } })).toBe("⏺ TodoWrite()");
    expect(assistant({ type: "thinking", thinking: "Hmm,\nlet me see" })).toBe("✻ Thinking: Hmm, let me see");
    expect(stdout({ type: "user", message: { content: "Go on" } })).toBe("> Go on");
  });

  it("shortens tool results to their first lines", () => {
    expect(toolResult("a.txt\nb.txt\n")).toBe("  ⎿  a.txt\n     b.txt");
    expect(toolResult("")).toBe("  ⎿  (no output)");
    expect(toolResult("1\n2\n3\n4\n5\n6")).toBe("  ⎿  1\n     2\n     3\n     4\n     … +2 lines");
    expect(toolResult("x".repeat(500))).toBe(`  ⎿  ${"x".repeat(199)}…`);
    expect(toolResult("No such file", true)).toBe("  ⎿  Error: No such file");
  });

  it("renders the result line with its cost, turns and duration", () => {
    const result = {
      type: "result",
      subtype: "success",
      result: "Done.",
      num_turns: 3,
      duration_ms: 4200,
      total_cost_usd: 0.0123,
    };
    expect(stdout(result)).toBe("✓ Done · $0.0123 · 3 turns · 4.2 s");
    expect(
      stdout({ type: "result", subtype: "error_during_execution", is_error: true, result: "It broke", num_turns: 1 }),
    ).toBe("✗ Failed (error_during_execution) · 1 turn\n  It broke");
    expect(
      stdout({ type: "assistant", error: "rate_limit", message: { content: [{ type: "text", text: "Slow down" }] } }),
    ).toBe("✗ API error (rate_limit): Slow down");
  });

  it("prefixes stderr lines and Makima's notices, and renders loop events", () => {
    expect(renderOutputLine({ seq: 1, stream: "stderr", line: "fatal: oops" })).toBe("stderr: fatal: oops");
    expect(renderOutputLine({ seq: 2, stream: "system", line: "Warning: slow start" })).toBe(
      "makima: Warning: slow start",
    );
    const system = (event: unknown) => renderOutputLine({ seq: 3, stream: "system", line: JSON.stringify(event) });
    expect(system({ type: "loop.iteration", n: 2, max: 10 })).toBe("── Iteration 2 of 10 ──");
    expect(
      system({
        type: "loop.gate",
        iteration: 2,
        ready: false,
        reason: "tests fail",
        progress: "half",
        blockers: ["a", "b"],
      }),
    ).toBe("Completion gate (iteration 2): not ready: tests fail\n  progress: half\n  blocker: a\n  blocker: b");
    expect(system({ type: "loop.breaker", reason: "no progress", iteration: 4 })).toBe(
      "Circuit breaker tripped: no progress (iteration 4)",
    );
    expect(system({ type: "loop.done", iterations: 1, reason: "ready" })).toBe(
      "Loop finished after 1 iteration: ready",
    );
  });

  it("renders claude's system notices and rate-limit events as one quiet line each, as the task view does", () => {
    expect(
      stdout({
        type: "system",
        subtype: "compact_boundary",
        compact_metadata: { trigger: "auto", pre_tokens: 155_000 },
      }),
    ).toMatch(/^· compact_boundary: .*155,000/);
    expect(
      stdout({
        type: "rate_limit_event",
        rate_limit_info: { status: "allowed_warning", rateLimitType: "five_hour", utilization: 0.82 },
      }),
    ).toBe("· Usage warning: 82% of the 5-hour limit");
  });

  it("shows lines it does not understand as they are", () => {
    expect(stdout("npm WARN something")).toBe("npm WARN something");
    expect(stdout("")).toBe("");
    expect(stdout('{"type":"stream_event","x":1}')).toBe('{\n  "type": "stream_event",\n  "x": 1\n}');
    expect(stdout("[1,2]")).toBe("[1,2]");
  });
});
