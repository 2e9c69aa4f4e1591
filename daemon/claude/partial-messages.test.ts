import { describe, expect, it } from "vitest";
import { parseJsonObject } from "../../lib/shared/stream/json-type";
import { MAX_PARTIAL_CHARS, PartialMessages } from "./partial-messages";

const line = (event: object, parent: string | null = null) =>
  parseJsonObject(
    JSON.stringify({ type: "stream_event", event, parent_tool_use_id: parent, uuid: "u", session_id: "s" }),
  )!;
const start = (id: string) => line({ type: "message_start", message: { id, type: "message", content: [] } });
const blockStart = (index: number, type = "text") =>
  line({
    type: "content_block_start",
    index,
    content_block: type === "text" ? { type, text: "" } : { type, thinking: "" },
  });
const text = (index: number, value: string) =>
  line({ type: "content_block_delta", index, delta: { type: "text_delta", text: value } });

describe("PartialMessages", () => {
  it("folds a block's deltas into the text written so far, and says when the block is done", () => {
    const folder = new PartialMessages();
    expect(folder.take(start("msg_1"))).toBeNull();
    expect(folder.take(blockStart(0))).toMatchObject({ key: ":msg_1:0", kind: "text", text: "", done: false });
    expect(folder.take(text(0, "Hel"))).toMatchObject({ text: "Hel" });
    expect(folder.take(text(0, "lo **world**"))).toMatchObject({ text: "Hello **world**", done: false });
    expect(folder.take(line({ type: "content_block_stop", index: 0 }))).toEqual({
      key: ":msg_1:0",
      messageId: "msg_1",
      kind: "text",
      parentToolUseId: null,
      text: "Hello **world**",
      done: true,
    });
  });

  it("keeps thinking, and each subagent's message, apart", () => {
    const folder = new PartialMessages();
    folder.take(start("msg_main"));
    folder.take(line({ type: "message_start", message: { id: "msg_sub" } }, "toolu_task"));
    folder.take(blockStart(0, "thinking"));
    const thought = folder.take(
      line({ type: "content_block_delta", index: 0, delta: { type: "thinking_delta", thinking: "Hmm" } }),
    );
    const sub = folder.take(
      line({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Sub" } }, "toolu_task"),
    );
    expect(thought).toMatchObject({ key: ":msg_main:0", kind: "thinking", text: "Hmm" });
    expect(sub).toMatchObject({
      key: "toolu_task:msg_sub:0",
      kind: "text",
      parentToolUseId: "toolu_task",
      text: "Sub",
    });
  });

  it("takes a delta for a block that never started, and ignores tool input, signatures and odd events", () => {
    const folder = new PartialMessages();
    expect(folder.take(text(3, "orphan"))).toMatchObject({ text: "orphan" });
    expect(
      folder.take(
        line({ type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: "{" } }),
      ),
    ).toBeNull();
    expect(
      folder.take(line({ type: "content_block_delta", index: 0, delta: { type: "signature_delta", signature: "x" } })),
    ).toBeNull();
    expect(folder.take(line({ type: "message_delta", delta: { stop_reason: "end_turn" } }))).toBeNull();
    expect(folder.take(line({ type: "content_block_stop", index: 9 }))).toBeNull();
    expect(folder.take(parseJsonObject('{"type":"stream_event"}')!)).toBeNull();
    expect(folder.take(parseJsonObject('{"type":"assistant"}')!)).toBeNull();
  });

  it("keeps interleaved blocks of one message apart", () => {
    const folder = new PartialMessages();
    folder.take(start("msg_1"));
    folder.take(blockStart(0, "thinking"));
    folder.take(blockStart(1));
    folder.take(line({ type: "content_block_delta", index: 0, delta: { type: "thinking_delta", thinking: "Let" } }));
    folder.take(text(1, "Hi"));
    folder.take(line({ type: "content_block_delta", index: 0, delta: { type: "thinking_delta", thinking: " me" } }));
    expect(folder.take(text(1, " there"))).toMatchObject({ key: ":msg_1:1", kind: "text", text: "Hi there" });
    expect(folder.take(line({ type: "content_block_stop", index: 0 }))).toMatchObject({
      key: ":msg_1:0",
      messageId: "msg_1",
      kind: "thinking",
      text: "Let me",
      done: true,
    });
    expect(folder.take(text(1, "!"))).toMatchObject({ text: "Hi there!", done: false });
  });

  it("shows nothing of a tool call's input as it is written", () => {
    const folder = new PartialMessages();
    folder.take(start("msg_1"));
    expect(
      folder.take(
        line({ type: "content_block_start", index: 0, content_block: { type: "tool_use", id: "t", name: "Bash" } }),
      ),
    ).toBeNull();
    const json = (partial: string) =>
      line({ type: "content_block_delta", index: 0, delta: { type: "input_json_delta", partial_json: partial } });
    expect(folder.take(json('{"command":'))).toBeNull();
    expect(folder.take(json('"ls"}'))).toBeNull();
    expect(folder.take(line({ type: "content_block_stop", index: 0 }))).toBeNull();
  });

  it("begins a block on a delta that came without its start, in the message under way or one of its own", () => {
    const folder = new PartialMessages();
    expect(folder.take(text(3, "orphan"))).toMatchObject({
      key: ":unstarted-1:3",
      messageId: "unstarted-1",
      text: "orphan",
    });
    folder.take(start("msg_1"));
    expect(folder.take(text(2, "<script>alert(1)</script>"))).toMatchObject({
      key: ":msg_1:2",
      messageId: "msg_1",
      text: "<script>alert(1)</script>",
      done: false,
    });
    expect(folder.take(line({ type: "content_block_stop", index: 2 }))).toMatchObject({ done: true });
  });

  it("drops what a message left unstopped at its message_stop; a delta after it begins a message of its own", () => {
    const folder = new PartialMessages();
    folder.take(start("msg_1"));
    folder.take(blockStart(0));
    folder.take(text(0, "cut short"));
    expect(folder.take(line({ type: "message_stop" }))).toBeNull();
    expect(folder.take(line({ type: "content_block_stop", index: 0 }))).toBeNull();
    expect(folder.take(text(0, "late"))).toMatchObject({ messageId: "unstarted-1", text: "late" });
  });

  it("stops growing a block at its limit", () => {
    const folder = new PartialMessages();
    folder.take(start("m"));
    folder.take(blockStart(0));
    expect(folder.take(text(0, "x".repeat(MAX_PARTIAL_CHARS + 10)))!.text).toHaveLength(MAX_PARTIAL_CHARS);
    expect(folder.take(text(0, "more"))).toBeNull();
  });
});
