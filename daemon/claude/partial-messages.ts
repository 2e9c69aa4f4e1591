import { z } from "zod";
import type { JsonObject } from "../../lib/shared/stream/json-type";

/**
 * The text claude is writing, folded from its `stream_event` lines (`--include-partial-messages`: the Messages API's
 * streaming events, one line each). A message's text and thinking blocks grow delta by delta; the folder keeps each
 * block's text so far, so what is shown (and redacted) is always the whole text written, never a lone delta: a secret
 * split across deltas is whole again here. Nothing of this is stored: claude's final `assistant` line is.
 */

/** What a block being written reads like so far. `key` names the block within the run. */
export interface PartialText {
  key: string;
  /** The message the block belongs to: claude's final assistant line for it carries the same id. */
  messageId: string;
  kind: "text" | "thinking";
  /** A subagent's message: the Task/Agent call it belongs to. */
  parentToolUseId: string | null;
  text: string;
  /** The block is complete (content_block_stop): the final assistant line follows. */
  done: boolean;
}

/** A block's text is kept up to this many characters: past it, the final message alone shows the rest. */
export const MAX_PARTIAL_CHARS = 256 * 1024;

const StreamEvent = z.object({
  type: z.literal("stream_event"),
  parent_tool_use_id: z.string().nullable().default(null),
  event: z.looseObject({ type: z.string() }),
});

const MessageStart = z.object({ type: z.literal("message_start"), message: z.looseObject({ id: z.string() }) });
const BlockStart = z.object({
  type: z.literal("content_block_start"),
  index: z.number().int().nonnegative(),
  content_block: z.looseObject({ type: z.string(), text: z.string().optional(), thinking: z.string().optional() }),
});
const BlockDelta = z.object({
  type: z.literal("content_block_delta"),
  index: z.number().int().nonnegative(),
  delta: z.looseObject({ type: z.string(), text: z.string().optional(), thinking: z.string().optional() }),
});
const BlockStop = z.object({ type: z.literal("content_block_stop"), index: z.number().int().nonnegative() });
const MessageStop = z.object({ type: z.literal("message_stop") });

interface Block {
  messageId: string;
  kind: PartialText["kind"];
  text: string;
}

export class PartialMessages {
  /** The message being written, per conversation (the main one, and each subagent's by its parent call). */
  private readonly messageIds = new Map<string, string>();
  private readonly blocks = new Map<string, Block>();
  private messages = 0;

  /** Takes one stream_event message; gives the block it changed, or null (another event, or nothing to show). */
  take(message: JsonObject): PartialText | null {
    const parsed = StreamEvent.safeParse(message);
    if (!parsed.success) return null;
    const parent = parsed.data.parent_tool_use_id;
    const conversation = parent ?? "";
    const event = parsed.data.event;

    const start = MessageStart.safeParse(event);
    if (start.success) {
      this.messageIds.set(conversation, start.data.message.id);
      return null;
    }
    const index = BlockStart.safeParse(event);
    if (index.success) {
      const kind = blockKind(index.data.content_block.type);
      if (!kind) return null;
      const initial = index.data.content_block.text ?? index.data.content_block.thinking ?? "";
      return this.update(conversation, parent, index.data.index, kind, initial, true);
    }
    const delta = BlockDelta.safeParse(event);
    if (delta.success) {
      const kind = deltaKind(delta.data.delta.type);
      const text = delta.data.delta.text ?? delta.data.delta.thinking;
      if (!kind || text === undefined) return null;
      return this.update(conversation, parent, delta.data.index, kind, text, false);
    }
    const stop = BlockStop.safeParse(event);
    if (stop.success) {
      const key = this.keyOf(conversation, stop.data.index);
      const block = this.blocks.get(key);
      if (!block) return null;
      this.blocks.delete(key);
      return {
        key,
        messageId: block.messageId,
        kind: block.kind,
        parentToolUseId: parent,
        text: block.text,
        done: true,
      };
    }
    // The message is complete: a block it left unstopped (a lost line) is dropped with it.
    if (MessageStop.safeParse(event).success) {
      const messageId = this.messageIds.get(conversation);
      if (messageId === undefined) return null;
      this.messageIds.delete(conversation);
      for (const [key, block] of this.blocks) if (block.messageId === messageId) this.blocks.delete(key);
    }
    return null;
  }

  private messageIdOf(conversation: string): string {
    let messageId = this.messageIds.get(conversation);
    // A delta with no message_start before it (a line lost, or claude's order changed): a message of its own.
    if (!messageId) {
      messageId = `unstarted-${++this.messages}`;
      this.messageIds.set(conversation, messageId);
    }
    return messageId;
  }

  private keyOf(conversation: string, index: number): string {
    return `${conversation}:${this.messageIdOf(conversation)}:${index}`;
  }

  private update(
    conversation: string,
    parent: string | null,
    index: number,
    kind: PartialText["kind"],
    text: string,
    /** A block_start: the block begins afresh (a delta for a block never started begins one too). */
    fresh: boolean,
  ): PartialText | null {
    const messageId = this.messageIdOf(conversation);
    const key = this.keyOf(conversation, index);
    const block = (!fresh && this.blocks.get(key)) || { messageId, kind, text: "" };
    if (block.text.length >= MAX_PARTIAL_CHARS) return null;
    block.text = (block.text + text).slice(0, MAX_PARTIAL_CHARS);
    this.blocks.set(key, block);
    return { key, messageId, kind: block.kind, parentToolUseId: parent, text: block.text, done: false };
  }
}

function blockKind(type: string): PartialText["kind"] | null {
  return type === "text" ? "text" : type === "thinking" ? "thinking" : null;
}

function deltaKind(type: string): PartialText["kind"] | null {
  return type === "text_delta" ? "text" : type === "thinking_delta" ? "thinking" : null;
}
