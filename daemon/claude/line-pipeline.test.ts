import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { iterationText } from "../../lib/shared/loop/iteration-text";
import type { OutputLine } from "../../lib/shared/protocol/daemon";
import { jsonTypeOf } from "../../lib/shared/stream/json-type";
import { normalizeLine } from "../../lib/shared/stream/normalize";
import { stderrShowsLostLogin, stdoutShowsLostLogin } from "../auth/login-detector";
import { SecretRedactor } from "../relay/secret-redactor";
import { ClaudeLinePipeline, classifyLine } from "./line-pipeline";
import { MAX_PARTIAL_CHARS } from "./partial-messages";

/** The real CLI's transcript of a run without a login: init, an assistant line flagged authentication_failed, the result. */
const recorded = readFileSync(new URL("../../test/fixtures/claude/not-logged-in.stream.jsonl", import.meta.url), "utf8")
  .split("\n")
  .filter(Boolean);
const [initLine, assistantLine, resultLine] = recorded;

const line = (value: object) => JSON.stringify(value);
const assistantText = (text: string) =>
  line({ type: "assistant", message: { role: "assistant", content: [{ type: "text", text }] } });
const others = [
  assistantText("Working on it.\n<COMPLETION_GATE>\nready: true\n</COMPLETION_GATE>"),
  assistantText("The /login page renders a form"),
  line({
    type: "assistant",
    message: { content: [{ type: "tool_use", id: "t1", name: "Read", input: { file_path: "a" } }] },
  }),
  line({
    type: "user",
    message: { role: "user", content: [{ type: "tool_result", tool_use_id: "t1", content: "Not logged in" }] },
  }),
  line({
    type: "result",
    subtype: "success",
    is_error: false,
    result: "done",
    num_turns: 3,
    duration_ms: 12,
    total_cost_usd: 0.25,
  }),
  line({ type: "system", subtype: "hook_response", session_id: "s" }),
  line({ type: "control_request", request_id: "r1", request: { subtype: "can_use_tool" } }),
  line({ type: "stream_event", event: {} }),
  line({ type: "x".repeat(101) }),
  "[1, 2]",
  "plain text: Please run /login",
  "{ not json }",
  "",
];

describe("classifyLine on the real CLI's not-logged-in transcript", () => {
  it("reads the init line's session id and nothing else", () => {
    expect(classifyLine("stdout", initLine)).toMatchObject({
      kind: "system",
      jsonType: "system",
      sessionId: "25dc627a-9fe6-4e53-bc76-80bb9664a8cf",
      result: null,
      loopText: [],
      loginLost: false,
    });
  });

  it("sees the lost login on the assistant line and in the result", () => {
    expect(classifyLine("stdout", assistantLine)).toMatchObject({
      kind: "assistant",
      jsonType: "assistant",
      loginLost: true,
      result: null,
    });
    const result = classifyLine("stdout", resultLine);
    expect(result).toMatchObject({
      kind: "result",
      jsonType: "result",
      loginLost: true,
      result: { kind: "result", isError: true },
    });
    expect(result.loopText).toEqual([result.result?.text]);
    expect(result.message?.type).toBe("result");
  });
});

describe("classifyLine", () => {
  it("says what each consumer's own parser said, for every line", () => {
    for (const text of [...recorded, ...others]) {
      const classified = classifyLine("stdout", text);
      expect(classified.line).toBe(text);
      expect(classified.jsonType).toBe(jsonTypeOf(text));
      expect(classified.loginLost).toBe(stdoutShowsLostLogin(text));
      expect(classified.loopText.join("\n")).toBe(iterationText([{ seq: 1, stream: "stdout", line: text }]));
      const entries = normalizeLine({ seq: 0, stream: "stdout", line: text });
      expect(classified.result).toEqual(entries.find((entry) => entry.kind === "result") ?? null);
      expect(classified.sessionId).toBe(entries.find((entry) => entry.kind === "init")?.sessionId ?? null);
    }
  });

  it("classifies what is not a known message", () => {
    expect(classifyLine("stdout", others[6])).toMatchObject({ kind: "control_request", jsonType: "control_request" });
    expect(classifyLine("stdout", others[7])).toMatchObject({ kind: "stream_event", jsonType: "stream_event" });
    expect(classifyLine("stdout", others[8])).toMatchObject({ kind: "otherJson", jsonType: null });
    expect(classifyLine("stdout", "[1, 2]")).toMatchObject({ kind: "text", jsonType: null, message: null });
    expect(classifyLine("stdout", "plain text: Please run /login")).toMatchObject({ kind: "text", loginLost: false });
  });

  it("reads a usage limit from a rejected rate_limit_event and from a reply flagged rate_limit", () => {
    const rejected = line({
      type: "rate_limit_event",
      rate_limit_info: { status: "rejected", resetsAt: 1_796_000_000, rateLimitType: "five_hour" },
    });
    expect(classifyLine("stdout", rejected)).toMatchObject({
      kind: "rate_limit_event",
      jsonType: "rate_limit_event",
      usageLimit: { resetsAt: new Date(1_796_000_000_000), limitType: "five_hour" },
    });
    const reply = line({ type: "assistant", error: "rate_limit", message: { content: [{ type: "text", text: "x" }] } });
    expect(classifyLine("stdout", reply)).toMatchObject({ kind: "assistant", usageLimit: { resetsAt: null } });
    for (const text of [...others, ...recorded]) expect(classifyLine("stdout", text).usageLimit).toBeNull();
    expect(classifyLine("stderr", rejected).usageLimit).toBeNull();
  });

  it("reads the result's fields", () => {
    expect(classifyLine("stdout", others[4]).result).toMatchObject({
      subtype: "success",
      isError: false,
      text: "done",
      numTurns: 3,
      durationMs: 12,
      costUsd: 0.25,
      usage: null,
    });
  });

  it("reads the result's token usage, which the task's totals are made of", () => {
    const withUsage = line({
      type: "result",
      subtype: "success",
      result: "done",
      usage: {
        input_tokens: 16,
        cache_creation_input_tokens: 11907,
        cache_read_input_tokens: 58826,
        output_tokens: 956,
      },
    });
    expect(classifyLine("stdout", withUsage).result?.usage).toEqual({
      inputTokens: 16,
      outputTokens: 956,
      cacheCreationInputTokens: 11907,
      cacheReadInputTokens: 58826,
    });
  });

  it("never parses a stderr line, and finds a lost login in it as the stderr check does", () => {
    for (const text of ["Invalid API key · Please run /login", "warning: slow", resultLine]) {
      const classified = classifyLine("stderr", text);
      expect(classified).toMatchObject({
        stream: "stderr",
        kind: "stderr",
        jsonType: null,
        message: null,
        result: null,
        loopText: [],
      });
      expect(classified.loginLost).toBe(stderrShowsLostLogin(text));
    }
  });
});

describe("ClaudeLinePipeline", () => {
  afterEach(() => vi.restoreAllMocks());

  const setUp = (env: Record<string, string> = {}) => {
    const pushed: Omit<OutputLine, "seq">[] = [];
    const relay = {
      push: (stream: OutputLine["stream"], text: string, jsonType?: string | null) =>
        pushed.push({ stream, line: text, jsonType: jsonType ?? null }),
    };
    return { pushed, pipeline: new ClaudeLinePipeline(SecretRedactor.fromEnvironment(env), relay) };
  };

  it("hands each line to the relay with its type and returns it with the seq the relay gave", () => {
    const { pushed, pipeline } = setUp();
    expect(pipeline.take("stdout", initLine)).toMatchObject({ seq: 1, kind: "system" });
    expect(pipeline.take("stderr", "boom")).toMatchObject({ seq: 2, kind: "stderr", line: "boom" });
    expect(pipeline.take("stdout", resultLine)).toMatchObject({ seq: 3, kind: "result" });
    expect(pushed).toEqual([
      { stream: "stdout", line: initLine, jsonType: "system" },
      { stream: "stderr", line: "boom", jsonType: null },
      { stream: "stdout", line: resultLine, jsonType: "result" },
    ]);
  });

  it("redacts a line before anything reads it: the relay, the result's text, the loop's text", () => {
    const secret = "sk-ant-oat01-abcdefghijklmnop";
    const { pushed, pipeline } = setUp({ CLAUDE_CODE_OAUTH_TOKEN: secret });
    const taken = pipeline.take(
      "stdout",
      line({ type: "result", subtype: "error_during_execution", is_error: true, result: `token ${secret} refused` }),
    );
    expect(pushed[0].line).not.toContain(secret);
    expect(taken.line).toBe(pushed[0].line);
    expect(taken.result?.text).not.toContain(secret);
    expect(taken.result?.text).toMatch(/^token .+ refused$/);
    expect(taken.loopText.join("")).not.toContain(secret);
    expect(pipeline.take("stderr", `export X=${secret}`).line).not.toContain(secret);
  });

  it("folds a stream_event into the block being written instead of numbering and relaying it", () => {
    const { pushed, pipeline } = setUp();
    const event = (payload: object) => line({ type: "stream_event", event: payload, parent_tool_use_id: null });
    expect(pipeline.take("stdout", event({ type: "message_start", message: { id: "msg_1" } }))).toMatchObject({
      kind: "stream_event",
      seq: null,
      live: null,
    });
    pipeline.take(
      "stdout",
      event({ type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }),
    );
    const delta = (text: string) =>
      event({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text } });
    pipeline.take("stdout", delta("Hel"));
    expect(pipeline.take("stdout", delta("lo"))).toMatchObject({
      seq: null,
      live: { key: ":msg_1:0", messageId: "msg_1", kind: "text", text: "Hello", done: false },
    });
    expect(pipeline.take("stdout", event({ type: "content_block_stop", index: 0 })).live).toMatchObject({
      text: "Hello",
      done: true,
    });
    expect(pushed).toEqual([]);
    // The final message is numbered and relayed as every line is.
    expect(pipeline.take("stdout", assistantText("Hello"))).toMatchObject({ seq: 1, live: null });
    expect(pushed).toHaveLength(1);
  });

  it("holds back a secret's first characters where a block was cut at its limit, even once it is done", () => {
    const secret = "sk-ant-oat01-abcdefghijklmnop";
    const { pipeline } = setUp({ CLAUDE_CODE_OAUTH_TOKEN: secret });
    const event = (payload: object) => line({ type: "stream_event", event: payload });
    pipeline.take("stdout", event({ type: "message_start", message: { id: "msg_1" } }));
    const delta = (text: string) =>
      event({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text } });
    // Split across two deltas, the secret is whole in neither line; the limit cuts it after 6 characters.
    pipeline.take("stdout", delta(`${"x".repeat(MAX_PARTIAL_CHARS - 6)}${secret.slice(0, 10)}`));
    pipeline.take("stdout", delta(secret.slice(10)));
    const done = pipeline.take("stdout", event({ type: "content_block_stop", index: 0 })).live!;
    expect(done).toMatchObject({ done: true });
    expect(done.text).toBe("x".repeat(MAX_PARTIAL_CHARS - 6));
  });

  it("parses a stdout line once, whatever reads it", () => {
    const { pipeline } = setUp();
    const parse = vi.spyOn(JSON, "parse");
    for (const text of [initLine, assistantLine, resultLine]) pipeline.take("stdout", text);
    expect(parse).toHaveBeenCalledTimes(3);
    parse.mockClear();
    pipeline.take("stdout", "plain text");
    pipeline.take("stderr", '{"type":"result"}');
    expect(parse).not.toHaveBeenCalled();
  });
});
