import { z } from "zod";
import type { EntryBody, TokenUsage, ToolImage } from "./entry";
import { num, obj, prettyJson, str } from "./fields";
import type { JsonObject } from "./json-type";
import { rateLimitEntry, systemNoticeEntry } from "./system-notices";
import { readImageBlock } from "./tool-images";

/**
 * Claude Code stream-json messages (one JSON object per stdout line) → entry bodies. Every field is read
 * tolerantly; whatever does not fit the known shapes becomes an `unknown` entry showing the JSON.
 */

export function claudeEntries(message: JsonObject): EntryBody[] {
  const bodies = messageEntries(message);
  // A subagent's line: its entries say which Task/Agent call they belong to (a notice may have said so itself).
  const parent = str(message.parent_tool_use_id);
  if (!parent) return bodies;
  return bodies.map((body) => ({ ...body, parentToolUseId: body.parentToolUseId ?? parent }) as EntryBody);
}

function messageEntries(message: JsonObject): EntryBody[] {
  const type = str(message.type);
  switch (type) {
    case "system":
      return [message.subtype === "init" ? initEntry(message) : systemNoticeEntry(message)];
    case "rate_limit_event":
      return [rateLimitEntry(message) ?? unknownEntry(message)];
    case "assistant":
      return assistantEntries(message);
    case "user":
      return userEntries(message);
    case "result":
      return [resultEntry(message)];
    default:
      // stream_event (partial messages: the view leaves them out, see ./tool-results.ts), tool_progress and any
      // type this normaliser does not know yet.
      return [unknownEntry(message)];
  }
}

export function unknownEntry(value: JsonObject): EntryBody {
  return { kind: "unknown", type: str(value.type), text: prettyJson(value) };
}

function initEntry(message: JsonObject): EntryBody {
  return { kind: "init", sessionId: str(message.session_id), model: str(message.model), cwd: str(message.cwd) };
}

function assistantEntries(message: JsonObject): EntryBody[] {
  const content = obj(message.message)?.content;
  const error = str(message.error);
  if (error) return [{ kind: "apiError", error, text: contentText(content) || error }];
  if (typeof content === "string") return [{ kind: "assistantText", text: content }];
  if (!Array.isArray(content)) return [unknownEntry(message)];
  return content.map((block) => assistantBlock(block));
}

function assistantBlock(value: unknown): EntryBody {
  const block = obj(value);
  if (!block) return { kind: "unknown", type: null, text: prettyJson(value) };
  switch (block.type) {
    case "text": {
      const text = str(block.text);
      return text === null ? unknownEntry(block) : { kind: "assistantText", text };
    }
    case "thinking":
      return { kind: "thinking", text: str(block.thinking) ?? str(block.text) ?? "" };
    case "redacted_thinking":
      return { kind: "thinking", text: "[redacted thinking]" };
    case "tool_use":
    case "server_tool_use":
    case "mcp_tool_use":
      return {
        kind: "toolUse",
        toolUseId: str(block.id) ?? "",
        name: str(block.name) ?? "(unnamed tool)",
        input: block.input ?? null,
      };
    default:
      return unknownEntry(block);
  }
}

function userEntries(message: JsonObject): EntryBody[] {
  const content = obj(message.message)?.content;
  if (typeof content === "string") return [{ kind: "userText", text: content }];
  if (!Array.isArray(content)) return [unknownEntry(message)];
  return content.map((block) => userBlock(block));
}

function userBlock(value: unknown): EntryBody {
  const block = obj(value);
  if (!block) return { kind: "unknown", type: null, text: prettyJson(value) };
  switch (block.type) {
    case "tool_result": {
      const { text, images } = resultContent(block.content);
      return {
        kind: "toolResult",
        toolUseId: str(block.tool_use_id) ?? "",
        content: text,
        isError: block.is_error === true,
        ...(images.length > 0 ? { images } : {}),
      };
    }
    case "text":
      return { kind: "userText", text: str(block.text) ?? "" };
    case "image":
      return { kind: "userText", text: "[image]" };
    default:
      return unknownEntry(block);
  }
}

function resultEntry(message: JsonObject): EntryBody {
  const subtype = str(message.subtype) ?? "";
  const errors = Array.isArray(message.errors)
    ? message.errors.map((e) => (typeof e === "string" ? e : prettyJson(e)))
    : [];
  return {
    kind: "result",
    subtype,
    isError: message.is_error === true || subtype.startsWith("error"),
    text: str(message.result) ?? errors.join("\n"),
    numTurns: num(message.num_turns),
    durationMs: num(message.duration_ms),
    costUsd: num(message.total_cost_usd) ?? num(message.cost_usd),
    usage: usageOf(message.usage),
  };
}

const tokens = z.number().int().nonnegative().catch(0);
const Usage = z.object({
  input_tokens: tokens,
  output_tokens: tokens,
  cache_creation_input_tokens: tokens,
  cache_read_input_tokens: tokens,
});

/** A result's `usage` → its token counts (a count missing or mistyped reads 0); null when there is no usage object. */
function usageOf(value: unknown): TokenUsage | null {
  if (!obj(value)) return null;
  const usage = Usage.parse(value);
  return {
    inputTokens: usage.input_tokens,
    outputTokens: usage.output_tokens,
    cacheCreationInputTokens: usage.cache_creation_input_tokens,
    cacheReadInputTokens: usage.cache_read_input_tokens,
  };
}

/** A tool result's content as text, with its images checked (./tool-images.ts): each one's caption is in the text. */
function resultContent(content: unknown): { text: string; images: ToolImage[] } {
  const images: ToolImage[] = [];
  if (!Array.isArray(content)) return { text: contentText(content), images };
  const parts = content.map((value) => {
    const block = obj(value);
    if (block?.type !== "image") return blockText(value);
    const reading = readImageBlock(block);
    if (reading.image) images.push(reading.image);
    return reading.text;
  });
  return { text: parts.join("\n"), images };
}

/** Message or tool-result content as text: a string, or the text of its blocks (images as "[image]"). */
export function contentText(content: unknown): string {
  if (content === undefined || content === null) return "";
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return prettyJson(content);
  return content.map(blockText).join("\n");
}

function blockText(value: unknown): string {
  const block = obj(value);
  if (block?.type === "text" && typeof block.text === "string") return block.text;
  if (block?.type === "image") return "[image]";
  return prettyJson(value);
}
