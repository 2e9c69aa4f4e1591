import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { DaemonMessage } from "../../lib/shared/protocol/daemon";
import { ClaudeLinePipeline } from "../claude/line-pipeline";
import { LiveTextRelay } from "./live-text-relay";
import { SecretRedactor } from "./secret-redactor";

const live = (key: string, text: string, done = false) =>
  ({ key, messageId: "msg_1", kind: "text", parentToolUseId: null, text, done }) as const;

const streamEvent = (event: object) => JSON.stringify({ type: "stream_event", event, parent_tool_use_id: null });

describe("LiveTextRelay", () => {
  let sent: DaemonMessage[];
  let ready: boolean;
  const transport = {
    send: async (message: DaemonMessage) => (sent.push(message), { ok: true as const }),
    isReady: () => ready,
  };
  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    ready = true;
  });
  afterEach(() => vi.useRealTimers());

  it("sends each block's latest text at most every interval, and a finished block at once", () => {
    const relay = new LiveTextRelay("t", transport, 50);
    relay.push(live("a", "H"));
    relay.push(live("a", "Hel"));
    relay.push(live("b", "x"));
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(50);
    expect(sent).toEqual([
      { type: "taskLiveText", taskId: "t", ...live("a", "Hel") },
      { type: "taskLiveText", taskId: "t", ...live("b", "x") },
    ]);
    relay.push(live("a", "Hello", true));
    expect(sent.at(-1)).toEqual({ type: "taskLiveText", taskId: "t", ...live("a", "Hello", true) });
  });

  it("never sends a secret split across deltas, not even its first characters", () => {
    const secret = "sk-ant-oat01-abcdefghijklmnop";
    const before = "Your token is ";
    const written = `${before}${secret}, keep it safe.`;
    const relay = new LiveTextRelay("t", transport, 50);
    const pipeline = new ClaudeLinePipeline(SecretRedactor.fromEnvironment({ CLAUDE_CODE_OAUTH_TOKEN: secret }), {
      push: () => 1,
    });
    const take = (event: object) => {
      const { live: taken } = pipeline.take("stdout", streamEvent(event));
      if (taken) relay.push(taken);
      vi.advanceTimersByTime(50);
    };
    take({ type: "message_start", message: { id: "msg_1" } });
    take({ type: "content_block_start", index: 0, content_block: { type: "text", text: "" } });
    // Three characters a delta: every piece of the secret ends some text written so far.
    for (let at = 0; at < written.length; at += 3)
      take({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: written.slice(at, at + 3) } });
    take({ type: "content_block_stop", index: 0 });

    const texts = sent.map((message) => (message.type === "taskLiveText" ? message.text : ""));
    expect(texts.length).toBeGreaterThan(10);
    const redacted = `${before}[redacted CLAUDE_CODE_OAUTH_TOKEN]`;
    for (const text of texts) {
      expect(text.length <= before.length ? before.startsWith(text) : text.startsWith(redacted)).toBe(true);
    }
    expect(texts.at(-1)).toBe(`${redacted}, keep it safe.`);
  });

  it("keeps nothing while disconnected, and nothing after it is closed", () => {
    const relay = new LiveTextRelay("t", transport, 50);
    ready = false;
    relay.push(live("a", "lost"));
    vi.advanceTimersByTime(50);
    ready = true;
    vi.advanceTimersByTime(500);
    relay.push(live("a", "later"));
    relay.close();
    vi.advanceTimersByTime(500);
    expect(sent).toEqual([]);
  });
});
