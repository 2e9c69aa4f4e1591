import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { entryKey, StreamEntry } from "./entry";
import { normalizeLine, normalizeLines, systemLevel } from "./normalize";

const fixture = readFileSync(
  new URL("../../../test/fixtures/claude/not-logged-in.stream.jsonl", import.meta.url),
  "utf8",
)
  .split("\n")
  .filter((line) => line.length > 0);

const SESSION = "25dc627a-9fe6-4e53-bc76-80bb9664a8cf";
const out = (line: string, seq = 7) => normalizeLine({ seq, stream: "stdout", line });
const json = (value: unknown, seq = 7) => out(JSON.stringify(value), seq);
const assistant = (content: unknown, extra: object = {}) => ({
  type: "assistant",
  message: { id: "msg_01", type: "message", role: "assistant", model: "claude-sonnet-4-5", content, stop_reason: null },
  parent_tool_use_id: null,
  session_id: SESSION,
  ...extra,
});
const user = (content: unknown) => ({
  type: "user",
  message: { role: "user", content },
  parent_tool_use_id: null,
  session_id: SESSION,
});
const result = (fields: object) => ({
  type: "result",
  subtype: "success",
  is_error: false,
  duration_ms: 12_345,
  duration_api_ms: 11_000,
  num_turns: 4,
  result: "Done.",
  session_id: SESSION,
  total_cost_usd: 0.0123,
  usage: { input_tokens: 10, output_tokens: 20 },
  ...fields,
});

describe("normalizeLine on the recorded not-logged-in run", () => {
  it("has three lines", () => expect(fixture).toHaveLength(3));

  it("reads the init line", () => {
    expect(normalizeLine({ seq: 1, stream: "stdout", line: fixture[0] })).toEqual([
      { kind: "init", seq: 1, index: 0, sessionId: SESSION, model: "claude-opus-5-5", cwd: "/tmp/ceo-claude/wt" },
    ]);
  });

  it("turns the authentication_failed assistant message into an apiError", () => {
    expect(normalizeLine({ seq: 2, stream: "stdout", line: fixture[1] })).toEqual([
      { kind: "apiError", seq: 2, index: 0, error: "authentication_failed", text: "Not logged in · Please run /login" },
    ]);
  });

  it("reads the result as a failure although its subtype says success", () => {
    expect(normalizeLine({ seq: 3, stream: "stdout", line: fixture[2] })).toEqual([
      {
        kind: "result",
        seq: 3,
        index: 0,
        subtype: "success",
        isError: true,
        text: "Not logged in · Please run /login",
        numTurns: 1,
        durationMs: 138,
        costUsd: 0,
        usage: { inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
      },
    ]);
  });

  it("gives entries that satisfy the StreamEntry schema", () => {
    const entries = normalizeLines(fixture.map((line, i) => ({ seq: i + 1, stream: "stdout" as const, line })));
    for (const entry of entries) expect(StreamEntry.safeParse(entry).success).toBe(true);
  });
});

describe("assistant messages", () => {
  it("gives one entry per content block, keyed seq:index", () => {
    const entries = json(
      assistant([
        { type: "text", text: "Let me look at the tests.\n\n  indented" },
        { type: "tool_use", id: "toolu_01", name: "Bash", input: { command: "npm test", description: "Run tests" } },
      ]),
      12,
    );
    expect(entries).toEqual([
      { kind: "assistantText", seq: 12, index: 0, text: "Let me look at the tests.\n\n  indented" },
      {
        kind: "toolUse",
        seq: 12,
        index: 1,
        toolUseId: "toolu_01",
        name: "Bash",
        input: { command: "npm test", description: "Run tests" },
      },
    ]);
    expect(entries.map(entryKey)).toEqual(["12:0", "12:1"]);
  });

  it("reads a thinking block", () => {
    const [entry] = json(assistant([{ type: "thinking", thinking: "The user wants X.", signature: "abc" }]));
    expect(entry).toMatchObject({ kind: "thinking", text: "The user wants X." });
  });

  it("shows redacted thinking as a placeholder", () => {
    expect(json(assistant([{ type: "redacted_thinking", data: "zzz" }]))[0]).toMatchObject({
      kind: "thinking",
      text: "[redacted thinking]",
    });
  });

  it("keeps an unknown content block as unknown JSON", () => {
    const [entry] = json(assistant([{ type: "web_search_tool_result", tool_use_id: "srvtoolu_1", content: [] }]));
    expect(entry).toMatchObject({ kind: "unknown", type: "web_search_tool_result" });
    expect(entry.kind === "unknown" && entry.text).toContain('"tool_use_id": "srvtoolu_1"');
  });

  it("shows an empty content array as the message JSON", () => {
    expect(json(assistant([]))[0]).toMatchObject({ kind: "unknown", type: "assistant" });
  });

  it("survives wrong field types", () => {
    expect(json({ type: "assistant", message: "hello" })[0]).toMatchObject({ kind: "unknown", type: "assistant" });
    expect(json(assistant([{ type: "text", text: 42 }]))[0]).toMatchObject({ kind: "unknown", type: "text" });
    expect(json(assistant([null, "str"]))).toMatchObject([
      { kind: "unknown", type: null, text: "null" },
      { kind: "unknown", text: '"str"' },
    ]);
    expect(json(assistant([{ type: "tool_use", name: 5 }]))[0]).toMatchObject({
      kind: "toolUse",
      toolUseId: "",
      name: "(unnamed tool)",
      input: null,
    });
  });

  it("reads other API errors with their text", () => {
    const [entry] = json(assistant([{ type: "text", text: "API Error: Rate limited" }], { error: "rate_limit" }));
    expect(entry).toMatchObject({ kind: "apiError", error: "rate_limit", text: "API Error: Rate limited" });
    expect(json(assistant([], { error: "billing_error" }))[0]).toMatchObject({
      kind: "apiError",
      error: "billing_error",
      text: "billing_error",
    });
  });
});

describe("subagent lines", () => {
  it("give each entry the Task call's id; the main agent's lines have none", () => {
    const entries = json(
      assistant(
        [
          { type: "text", text: "Looking" },
          { type: "tool_use", id: "toolu_02", name: "Grep", input: { pattern: "x" } },
        ],
        { parent_tool_use_id: "toolu_task" },
      ),
    );
    expect(entries.map((entry) => entry.parentToolUseId)).toEqual(["toolu_task", "toolu_task"]);
    expect(json(assistant([{ type: "text", text: "x" }]))[0]).not.toHaveProperty("parentToolUseId");
    for (const entry of entries) expect(StreamEntry.safeParse(entry).success).toBe(true);
  });
});

describe("user messages", () => {
  it("reads a tool_result with string content", () => {
    const [entry] = json(
      user([{ type: "tool_result", tool_use_id: "toolu_01", content: "PASS  3 tests\n", is_error: false }]),
    );
    expect(entry).toMatchObject({
      kind: "toolResult",
      toolUseId: "toolu_01",
      content: "PASS  3 tests\n",
      isError: false,
    });
  });

  it("reads a tool_result with array content", () => {
    const content = [
      { type: "text", text: "line one" },
      { type: "text", text: "line two" },
      { type: "image", source: { type: "base64", data: "AAAA" } },
    ];
    const [entry] = json(user([{ type: "tool_result", tool_use_id: "toolu_02", content }]));
    expect(entry).toMatchObject({
      kind: "toolResult",
      content: "line one\nline two\n[image not shown: no type]",
      isError: false,
    });
    expect(entry).not.toHaveProperty("images");
  });

  it("marks an is_error tool result", () => {
    const [entry] = json(
      user([
        {
          type: "tool_result",
          tool_use_id: "toolu_03",
          content: "<tool_use_error>File does not exist.</tool_use_error>",
          is_error: true,
        },
      ]),
    );
    expect(entry).toMatchObject({ kind: "toolResult", isError: true });
  });

  it("reads a tool_result without content", () => {
    expect(json(user([{ type: "tool_result", tool_use_id: "t" }]))[0]).toMatchObject({
      kind: "toolResult",
      content: "",
    });
  });

  it("reads the prompt as user text (string and blocks)", () => {
    expect(json(user("Fix the bug"))[0]).toMatchObject({ kind: "userText", text: "Fix the bug" });
    expect(json(user([{ type: "text", text: "Continue" }]))[0]).toMatchObject({ kind: "userText", text: "Continue" });
  });
});

describe("result lines", () => {
  it("reads a success", () => {
    expect(json(result({}))[0]).toMatchObject({
      kind: "result",
      subtype: "success",
      isError: false,
      text: "Done.",
      numTurns: 4,
      durationMs: 12_345,
      costUsd: 0.0123,
    });
  });

  it("reads error subtypes as failures, with their errors when there is no result text", () => {
    const [entry] = json(result({ subtype: "error_max_turns", is_error: false, result: undefined, num_turns: 10 }));
    expect(entry).toMatchObject({ kind: "result", subtype: "error_max_turns", isError: true, text: "", numTurns: 10 });
    const [during] = json(
      result({ subtype: "error_during_execution", is_error: true, result: undefined, errors: ["boom", "bang"] }),
    );
    expect(during).toMatchObject({ isError: true, text: "boom\nbang" });
  });

  it("reads the token usage; a count missing or mistyped reads 0, no usage reads null", () => {
    expect(json(result({}))[0]).toMatchObject({
      usage: { inputTokens: 10, outputTokens: 20, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
    });
    expect(
      json(result({ usage: { input_tokens: "9", output_tokens: -1, cache_read_input_tokens: 7 } }))[0],
    ).toMatchObject({
      usage: { inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 7 },
    });
    expect(json({ ...result({}), usage: undefined })[0]).toMatchObject({ usage: null });
    expect(json(result({ usage: [1] }))[0]).toMatchObject({ usage: null });
  });

  it("reads missing or mistyped numbers as null", () => {
    const [entry] = json({ type: "result", num_turns: "3", duration_ms: null });
    expect(entry).toMatchObject({
      kind: "result",
      subtype: "",
      isError: false,
      text: "",
      numTurns: null,
      durationMs: null,
      costUsd: null,
    });
  });
});

describe("other JSON", () => {
  it("keeps stream_event lines as unknown", () => {
    const [entry] = json({
      type: "stream_event",
      event: { type: "content_block_delta", delta: { type: "text_delta", text: "Hel" } },
    });
    expect(entry).toMatchObject({ kind: "unknown", type: "stream_event" });
  });

  it("keeps an unknown type, and a rate_limit_event without its info, as pretty JSON", () => {
    const [entry] = json({ type: "rate_limit_event", info: { status: "allowed" } });
    expect(entry).toEqual({
      kind: "unknown",
      seq: 7,
      index: 0,
      type: "rate_limit_event",
      text: '{\n  "type": "rate_limit_event",\n  "info": {\n    "status": "allowed"\n  }\n}',
    });
    expect(json({ type: "control_response", response: {} })[0]).toMatchObject({
      kind: "unknown",
      type: "control_response",
    });
  });

  it("keeps an object without a type", () => {
    expect(json({ hello: "world" })[0]).toMatchObject({ kind: "unknown", type: null });
    expect(json({ type: 42 })[0]).toMatchObject({ kind: "unknown", type: null });
  });

  it("shows JSON primitives and arrays as raw text", () => {
    for (const line of ["null", "[]", '"str"', "42", "true", "[1,2]"]) {
      expect(out(line)).toEqual([{ kind: "raw", seq: 7, index: 0, text: line, truncated: false }]);
    }
  });
});

describe("odd lines", () => {
  it("keeps a non-JSON stdout line as raw", () => {
    expect(out("npm WARN deprecated foo@1.0.0")).toEqual([
      { kind: "raw", seq: 7, index: 0, text: "npm WARN deprecated foo@1.0.0", truncated: false },
    ]);
  });

  it("keeps an empty line", () => {
    expect(out("")).toEqual([{ kind: "raw", seq: 7, index: 0, text: "", truncated: false }]);
  });

  it("flags a line the daemon truncated", () => {
    const line =
      '{"type":"assistant","message":{"content":[{"type":"text","text":"aaaa \u2026 [line truncated: 3145728 bytes]';
    expect(out(line)[0]).toMatchObject({ kind: "raw", text: line, truncated: true });
  });

  it("handles a 2 MiB line", () => {
    const big = "x".repeat(2 * 1024 * 1024);
    const [entry] = json(assistant([{ type: "text", text: big }]));
    expect(entry.kind === "assistantText" && entry.text.length).toBe(big.length);
    expect(out(big)[0]).toMatchObject({ kind: "raw", truncated: false });
  });

  it("keeps invalid UTF-8 (replacement characters) and control bytes", () => {
    const line = Buffer.from([0x66, 0x6f, 0xff, 0xfe, 0x00, 0x1b, 0x5b, 0x33, 0x31, 0x6d]).toString("utf8");
    expect(line).toContain("\uFFFD");
    expect(out(line)).toEqual([{ kind: "raw", seq: 7, index: 0, text: line, truncated: false }]);
  });

  it("never throws, whatever it is given", () => {
    const weird = [
      null,
      undefined,
      42,
      {},
      { seq: "x", stream: 5, line: { a: 1 } },
      { seq: 1, stream: "stdout", line: undefined },
    ];
    for (const input of weird) {
      const entries = normalizeLine(input as never);
      expect(entries.length).toBeGreaterThan(0);
    }
    expect(normalizeLine({ seq: 1, stream: "bogus" as never, line: "text" })).toMatchObject([
      { kind: "raw", text: "text" },
    ]);
  });
});

describe("stderr and daemon notices", () => {
  it("keeps stderr lines as stderr, even when they look like JSON", () => {
    expect(normalizeLine({ seq: 4, stream: "stderr", line: '{"type":"result"}' })).toEqual([
      { kind: "stderr", seq: 4, index: 0, text: '{"type":"result"}' },
    ]);
  });

  it("reads the level of a daemon notice", () => {
    expect(normalizeLine({ seq: 5, stream: "system", line: "Warning: claude printed nothing for 30s" })).toEqual([
      { kind: "system", seq: 5, index: 0, text: "Warning: claude printed nothing for 30s", level: "warning" },
    ]);
    expect(systemLevel("Error: claude exited with code 1")).toBe("error");
    expect(systemLevel("  error: lowercase")).toBe("error");
    expect(systemLevel("Starting claude in /tmp/wt")).toBe("info");
  });
});

describe("loop events on the system stream", () => {
  const sys = (value: unknown, seq = 9) =>
    normalizeLine({ seq, stream: "system", line: typeof value === "string" ? value : JSON.stringify(value) });

  it("reads loop.iteration", () => {
    expect(sys({ type: "loop.iteration", n: 3, max: 10 })).toEqual([
      { kind: "loopIteration", seq: 9, index: 0, n: 3, max: 10 },
    ]);
  });

  it("reads loop.gate", () => {
    const gate = {
      type: "loop.gate",
      iteration: 2,
      ready: false,
      reason: "tests fail",
      progress: "2 of 3 done",
      blockers: ["fix a", "fix b"],
    };
    expect(sys(gate)).toEqual([
      {
        kind: "loopGate",
        seq: 9,
        index: 0,
        iteration: 2,
        ready: false,
        reason: "tests fail",
        progress: "2 of 3 done",
        blockers: ["fix a", "fix b"],
      },
    ]);
    expect(sys({ ...gate, ready: true, reason: null, progress: null, blockers: [] })[0]).toMatchObject({
      kind: "loopGate",
      ready: true,
      reason: null,
      progress: null,
      blockers: [],
    });
  });

  it("reads loop.breaker", () => {
    expect(sys({ type: "loop.breaker", reason: "no progress", iteration: 4 })).toEqual([
      { kind: "loopBreaker", seq: 9, index: 0, reason: "no progress", iteration: 4 },
    ]);
  });

  it("reads loop.done", () => {
    expect(sys({ type: "loop.done", iterations: 5, reason: "gate ready" })).toEqual([
      { kind: "loopDone", seq: 9, index: 0, iterations: 5, reason: "gate ready" },
    ]);
  });

  it("keeps a malformed loop-looking line as a system notice", () => {
    const bad = JSON.stringify({ type: "loop.iteration", n: "three", max: 10 });
    expect(sys(bad)).toEqual([{ kind: "system", seq: 9, index: 0, text: bad, level: "info" }]);
    const unknownType = JSON.stringify({ type: "loop.unknown", n: 1 });
    expect(sys(unknownType)[0]).toMatchObject({ kind: "system", text: unknownType });
    expect(sys('{"type":"loop.done", broken')[0]).toMatchObject({ kind: "system" });
  });

  it("only reads loop events from the system stream", () => {
    expect(out(JSON.stringify({ type: "loop.iteration", n: 1, max: 2 }))[0]).toMatchObject({
      kind: "unknown",
      type: "loop.iteration",
    });
  });

  it("validates as StreamEntry", () => {
    for (const entry of [
      ...sys({ type: "loop.iteration", n: 1, max: 2 }),
      ...sys({ type: "loop.gate", iteration: 1, ready: true, reason: null, progress: null, blockers: [] }),
      ...sys({ type: "loop.breaker", reason: "r", iteration: 1 }),
      ...sys({ type: "loop.done", iterations: 0, reason: "r" }),
    ]) {
      expect(StreamEntry.safeParse(entry).success).toBe(true);
    }
  });
});
