import { describe, expect, it } from "vitest";
import type { NormalizeInput } from "../stream/normalize";
import { CompletionGate } from "./completion-gate";
import { IterationText, iterationText } from "./iteration-text";

const READY = '<COMPLETION_GATE>\nready: true\nreason: "done"\n</COMPLETION_GATE>';
const NOT_READY = "<COMPLETION_GATE>\nready: false\nreason: still going\n</COMPLETION_GATE>";

const init = { type: "system", subtype: "init", session_id: "s1", cwd: "/w", model: "m", tools: [] };
const assistant = (...blocks: object[]) => ({
  type: "assistant",
  message: { role: "assistant", content: blocks },
  session_id: "s1",
});
const text = (value: string) => ({ type: "text", text: value });
const toolUse = { type: "tool_use", id: "t1", name: "Read", input: { file_path: "notes.md" } };
const toolResult = (content: string) => ({
  type: "user",
  message: { role: "user", content: [{ type: "tool_result", tool_use_id: "t1", content }] },
  session_id: "s1",
});
const result = (value: string) => ({
  type: "result",
  subtype: "success",
  is_error: false,
  result: value,
  num_turns: 2,
  session_id: "s1",
});

/** Stdout lines as claude prints them (one JSON object each), numbered from 1. */
const stdout = (...messages: object[]): NormalizeInput[] =>
  messages.map((message, i) => ({ seq: i + 1, stream: "stdout", line: JSON.stringify(message) }));
const gateOf = (lines: NormalizeInput[]) => CompletionGate.parseLast(iterationText(lines));

describe("iterationText", () => {
  it("joins assistant text blocks and the result text, in order", () => {
    const lines = stdout(
      init,
      assistant(text("one"), toolUse),
      toolResult("file body"),
      assistant(text("two")),
      result("two"),
    );
    expect(iterationText(lines)).toBe("one\ntwo\ntwo");
  });

  it("finds a gate in an assistant text block", () => {
    expect(gateOf(stdout(init, assistant(text(`All done.\n\n${READY}`))))).toMatchObject({
      ready: true,
      reason: "done",
    });
  });

  it("does not count a gate inside a tool result (the agent reading a file that holds one)", () => {
    const lines = stdout(
      init,
      assistant(toolUse),
      toolResult(`# notes\n${READY}`),
      assistant(text("Read the notes.")),
      result("Read the notes."),
    );
    expect(gateOf(lines)).toBeNull();
  });

  it("keeps the assistant's own gate when a tool result holds a ready one", () => {
    const lines = stdout(assistant(text(NOT_READY)), toolResult(READY));
    expect(gateOf(lines)).toMatchObject({ ready: false, reason: "still going" });
  });

  it("finds a gate that is only in the result text", () => {
    expect(gateOf(stdout(init, assistant(toolUse), toolResult("ok"), result(`Finished.\n${READY}`)))?.ready).toBe(true);
  });

  it("reads text with JSON escapes undone (newlines and quotes)", () => {
    const lines = stdout(
      assistant(
        text(
          '<COMPLETION_GATE>\nready: false\nreason: "the \\"x\\" test"\nblockers: ["a \\"b\\""]\n</COMPLETION_GATE>',
        ),
      ),
    );
    // The raw line holds the gate with \n and \" escapes; the text has real newlines and quotes.
    expect(lines[0].line).toContain("\\n");
    expect(iterationText(lines)).toContain("\nready: false\n");
    expect(gateOf(lines)).toMatchObject({ ready: false, reason: 'the "x" test', blockers: ['a "b"'] });
  });

  it("ignores stderr, daemon notices, raw lines and user messages", () => {
    const lines: NormalizeInput[] = [
      { seq: 1, stream: "stderr", line: READY },
      { seq: 2, stream: "system", line: READY },
      { seq: 3, stream: "stdout", line: READY },
      { seq: 4, stream: "stdout", line: JSON.stringify({ type: "user", message: { role: "user", content: READY } }) },
      { seq: 5, stream: "stdout", line: JSON.stringify(assistant({ type: "thinking", thinking: READY })) },
    ];
    expect(iterationText(lines)).toBe("");
    expect(gateOf(lines)).toBeNull();
  });

  it("ignores the text of an API error", () => {
    const lines = stdout({ ...assistant(text(READY)), error: "rate_limit" });
    expect(iterationText(lines)).toBe("");
  });
});

describe("IterationText", () => {
  it("reads lines as they arrive; the last gate wins", () => {
    const iteration = new IterationText();
    for (const line of stdout(init, assistant(text(NOT_READY)))) iteration.add(line);
    expect(CompletionGate.parseLast(iteration.text())?.ready).toBe(false);
    iteration.add({ seq: 3, stream: "stdout", line: JSON.stringify(assistant(text(READY))) });
    iteration.add({ seq: 4, stream: "stdout", line: JSON.stringify(result(READY)) });
    expect(CompletionGate.parseLast(iteration.text())?.ready).toBe(true);
  });

  it("is empty before any line", () => expect(new IterationText().text()).toBe(""));
});
