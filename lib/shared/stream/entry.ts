import { z } from "zod";

/**
 * The one normalised model of a task's output, shared by the daemon, the server and the task view.
 * Each raw output line (`OutputLine`) gives one or more entries; the raw line stays stored, so a better
 * normaliser re-renders old runs. The view never parses stream-json itself.
 */

/**
 * Where an entry came from: the seq of its line and its position among that line's entries; for a line a subagent
 * printed, the id of the Task/Agent tool call that started it (claude's `parent_tool_use_id`, absent on the main
 * agent's lines), so the view can nest the subagent's work under that call.
 */
const origin = {
  seq: z.number(),
  index: z.number().int().nonnegative(),
  parentToolUseId: z.string().optional(),
};

export const SystemLevel = z.enum(["info", "warning", "error"]);
export type SystemLevel = z.infer<typeof SystemLevel>;

export const InitEntry = z.object({
  kind: z.literal("init"),
  ...origin,
  sessionId: z.string().nullable(),
  model: z.string().nullable(),
  cwd: z.string().nullable(),
});

export const AssistantTextEntry = z.object({ kind: z.literal("assistantText"), ...origin, text: z.string() });

export const ThinkingEntry = z.object({ kind: z.literal("thinking"), ...origin, text: z.string() });

export const ToolUseEntry = z.object({
  kind: z.literal("toolUse"),
  ...origin,
  toolUseId: z.string(),
  name: z.string(),
  input: z.unknown(),
});

/** The image types a tool result may show: raster formats a browser draws without running anything (no SVG). */
export const IMAGE_MEDIA_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"] as const;
export const ImageMediaType = z.enum(IMAGE_MEDIA_TYPES);
export type ImageMediaType = z.infer<typeof ImageMediaType>;

/** An image block of a tool result, checked by the normaliser (./tool-images.ts): a known type, valid base64, capped. */
export const ToolImage = z.object({ mediaType: ImageMediaType, base64: z.string(), bytes: z.number().int() });
export type ToolImage = z.infer<typeof ToolImage>;

export const ToolResultEntry = z.object({
  kind: z.literal("toolResult"),
  ...origin,
  toolUseId: z.string(),
  /** The result's text; an image block reads as an `[image: …]` or `[image not shown: …]` line in it. */
  content: z.string(),
  isError: z.boolean(),
  /** The result's valid images, in order; absent when it has none. */
  images: z.array(ToolImage).optional(),
});

export const UserTextEntry = z.object({ kind: z.literal("userText"), ...origin, text: z.string() });

/**
 * The tokens of a run as its `result` line's `usage` reports them: claude's `input_tokens` (input not read from or
 * written to the prompt cache), `output_tokens`, and the cache's writes and reads, each on its own. That usage
 * counts the main agent's calls only; subagents' calls are in `modelUsage`, which is not read here.
 */
export const TokenUsage = z.object({
  inputTokens: z.number(),
  outputTokens: z.number(),
  cacheCreationInputTokens: z.number(),
  cacheReadInputTokens: z.number(),
});
export type TokenUsage = z.infer<typeof TokenUsage>;

export const ResultEntry = z.object({
  kind: z.literal("result"),
  ...origin,
  subtype: z.string(),
  /** True when the run failed, whatever the subtype says (a failed run can say "success"). */
  isError: z.boolean(),
  text: z.string(),
  numTurns: z.number().nullable(),
  durationMs: z.number().nullable(),
  costUsd: z.number().nullable(),
  /** Null when the line has no `usage`. */
  usage: TokenUsage.nullable(),
});

/** An assistant message flagged with an API error (`authentication_failed`, `billing_error`, `rate_limit` …). */
export const ApiErrorEntry = z.object({ kind: z.literal("apiError"), ...origin, error: z.string(), text: z.string() });

export const StderrEntry = z.object({ kind: z.literal("stderr"), ...origin, text: z.string() });

/** A notice from the daemon itself (stream "system"), e.g. the startup watchdog. */
export const SystemEntry = z.object({ kind: z.literal("system"), ...origin, text: z.string(), level: SystemLevel });

/**
 * One of claude's own `system` messages other than `init` (compact_boundary, api_retry, status, hook_*,
 * informational, task_* …), said in one line (./system-notices.ts); `json` keeps the whole message for a look.
 */
export const SystemNoticeEntry = z.object({
  kind: z.literal("systemNotice"),
  ...origin,
  subtype: z.string(),
  text: z.string(),
  level: SystemLevel,
  json: z.string(),
});

/** claude's `rate_limit_event`: the subscription's usage against a limit (`resetsAt` in epoch milliseconds). */
export const RateLimitEntry = z.object({
  kind: z.literal("rateLimit"),
  ...origin,
  status: z.string(),
  resetsAt: z.number().nullable(),
  limitType: z.string().nullable(),
  /** How much of the limit is used, 0–1; null when not said. */
  utilization: z.number().nullable(),
});

/** Autonomous-loop events (system-stream lines holding a `LoopEvent`, see lib/shared/protocol/loop-events). */
export const LoopIterationEntry = z.object({
  kind: z.literal("loopIteration"),
  ...origin,
  n: z.number(),
  max: z.number(),
});

export const LoopGateEntry = z.object({
  kind: z.literal("loopGate"),
  ...origin,
  iteration: z.number(),
  ready: z.boolean(),
  reason: z.string().nullable(),
  progress: z.string().nullable(),
  blockers: z.array(z.string()),
});

export const LoopBreakerEntry = z.object({
  kind: z.literal("loopBreaker"),
  ...origin,
  reason: z.string(),
  iteration: z.number(),
});

export const LoopDoneEntry = z.object({
  kind: z.literal("loopDone"),
  ...origin,
  iterations: z.number(),
  reason: z.string(),
});

/** A stdout line that is not a JSON object, shown as it is (truncated lines included). */
export const RawEntry = z.object({ kind: z.literal("raw"), ...origin, text: z.string(), truncated: z.boolean() });

/** A JSON object with an unknown or missing `type`, shown as pretty JSON. */
export const UnknownEntry = z.object({
  kind: z.literal("unknown"),
  ...origin,
  type: z.string().nullable(),
  text: z.string(),
});

export const StreamEntry = z.discriminatedUnion("kind", [
  InitEntry,
  AssistantTextEntry,
  ThinkingEntry,
  ToolUseEntry,
  ToolResultEntry,
  UserTextEntry,
  ResultEntry,
  ApiErrorEntry,
  StderrEntry,
  SystemEntry,
  SystemNoticeEntry,
  RateLimitEntry,
  LoopIterationEntry,
  LoopGateEntry,
  LoopBreakerEntry,
  LoopDoneEntry,
  RawEntry,
  UnknownEntry,
]);
export type StreamEntry = z.infer<typeof StreamEntry>;
export type StreamEntryKind = StreamEntry["kind"];
export type StreamEntryOf<K extends StreamEntryKind> = Extract<StreamEntry, { kind: K }>;

/** The entry's fields without its seq and index, as built by the parsers before `normalizeLine` numbers them. */
export type EntryBody = StreamEntry extends infer E
  ? E extends StreamEntry
    ? Omit<E, "seq" | "index">
    : never
  : never;

/** A stable React key: `${seq}:${index}`. */
export function entryKey(entry: Pick<StreamEntry, "seq" | "index">): string {
  return `${entry.seq}:${entry.index}`;
}
