import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { StoredLine, TaskLiveTextEvent } from "../../lib/shared/protocol/ui";
import { LiveMessage } from "./live-message";
import { LiveMessages } from "./live-messages";

const live = (text: string, { messageId = "msg_1", index = 0, kind = "text", done = false } = {}) =>
  ({
    taskId: "t",
    key: `:${messageId}:${index}`,
    messageId,
    kind,
    parentToolUseId: null,
    text,
    done,
  }) as TaskLiveTextEvent;

let seq = 0;
const stored = (message: object, jsonType = "assistant"): StoredLine => ({
  seq: ++seq,
  stream: "stdout",
  line: JSON.stringify(message),
  jsonType,
  createdAt: new Date(0).toISOString(),
});
const assistant = (id: string, ...content: object[]) => stored({ type: "assistant", message: { id, content } });
const texts = (messages: LiveMessages) => messages.shown().map((block) => block.text);

describe("LiveMessages", () => {
  it("shows each block's latest text, in the order the blocks began, none with no text yet", () => {
    const messages = new LiveMessages();
    expect(messages.take(live(""))).toBe(false);
    messages.take(live("Hel"));
    messages.take(live("Hmm", { index: 1, kind: "thinking" }));
    messages.take(live("Hello"));
    expect(messages.shown().map((block) => [block.kind, block.text])).toEqual([
      ["text", "Hello"],
      ["thinking", "Hmm"],
    ]);
  });

  it("ends a block when its message's stored line holds it, whether that comes before or after its last event", () => {
    const messages = new LiveMessages();
    messages.take(live("Hello wor"));
    messages.take(live("Other", { messageId: "msg_2" }));
    expect(messages.takeStored([assistant("msg_1", { type: "text", text: "Hello world" })])).toBe(true);
    expect(texts(messages)).toEqual(["Other"]);
    // The block's last events, arriving after the stored line, are that line, already shown.
    expect(messages.take(live("Hello world"))).toBe(false);
    expect(messages.take(live("Hello world", { done: true }))).toBe(false);
    expect(texts(messages)).toEqual(["Other"]);

    messages.take(live("Other text", { messageId: "msg_2", done: true }));
    messages.takeStored([assistant("msg_2", { type: "text", text: "Other text" })]);
    expect(messages.shown()).toEqual([]);
  });

  it("keeps a block whose message's stored line is another block, even one beginning alike", () => {
    const messages = new LiveMessages();
    messages.take(live("Let me think", { kind: "thinking" }));
    messages.takeStored([assistant("msg_1", { type: "thinking", thinking: "Let me think", signature: "s" })]);
    messages.take(live("Let", { index: 1 }));
    messages.takeStored([assistant("msg_1", { type: "tool_use", id: "t", name: "Bash", input: {} })]);
    expect(texts(messages)).toEqual(["Let"]);
    messages.take(live("Lets", { index: 2 }));
    messages.takeStored([assistant("msg_1", { type: "text", text: "Let" })]);
    expect(texts(messages)).toEqual(["Lets"]);
  });

  it("ends every block at a result line, and on clear", () => {
    const messages = new LiveMessages();
    messages.take(live("never stopped", { messageId: "unstarted-1", index: 7 }));
    messages.takeStored([stored({ type: "user" }, "user")]);
    expect(texts(messages)).toEqual(["never stopped"]);
    expect(messages.takeStored([stored({ type: "result", subtype: "success" }, "result")])).toBe(true);
    expect(messages.shown()).toEqual([]);
    messages.take(live("again"));
    expect(messages.clear()).toBe(true);
    expect(messages.clear()).toBe(false);
  });

  it("shows nothing of a block written so fast that its stored line came before any of its live events", () => {
    const messages = new LiveMessages();
    expect(messages.takeStored([assistant("msg_1", { type: "text", text: "Quick" })])).toBe(false);
    expect(messages.take(live("Quick", { done: true }))).toBe(false);
    expect(messages.shown()).toEqual([]);
    // A stored line of the turn before the result is forgotten with it.
    messages.takeStored([stored({ type: "result" }, "result")]);
    expect(messages.take(live("Quick", { done: true }))).toBe(true);
  });

  it("shrugs off stored lines that are not what they say", () => {
    const messages = new LiveMessages();
    messages.take(live("x"));
    const broken = { ...assistant("msg_1"), line: '{"type":"assistant","message":{"id":"msg_1"' };
    const odd = stored({ type: "assistant", message: { id: "msg_1", content: "not blocks" } });
    expect(messages.takeStored([broken, odd])).toBe(false);
    expect(texts(messages)).toEqual(["x"]);
  });
});

describe("LiveMessage", () => {
  it("renders the text being written as markdown, and HTML in it as text", () => {
    const html = renderToStaticMarkup(
      <LiveMessage block={live('**Bold** start <img src=x onerror="alert(1)"><script>alert(1)</script>')} />,
    );
    expect(html).toContain("<strong>Bold</strong>");
    expect(html).not.toMatch(/<img|<script/);
    expect(html).toContain("&lt;script&gt;");
    expect(html).toContain('aria-busy="true"');
  });

  it("renders thinking as plain grey text", () => {
    const html = renderToStaticMarkup(<LiveMessage block={live("**not markdown**", { kind: "thinking" })} />);
    expect(html).toContain("**not markdown**");
    expect(html).toContain('data-kind="thinking"');
  });
});
