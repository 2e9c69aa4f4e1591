import { z } from "zod";
import type { JsonObject } from "../../lib/shared/stream/json-type";

/**
 * A subscription's usage limit, as claude reports it (the agent SDK's sdk.d.ts): a `rate_limit_event` whose
 * `rate_limit_info.status` is "rejected", with `resetsAt` in Unix seconds when known, or an assistant message
 * flagged `error: "rate_limit"` (the reply claude could not get). Older versions print the text
 * `Claude AI usage limit reached|<Unix seconds>` as the reply and the result instead. Warnings ("allowed_warning")
 * are not a limit.
 */
export interface UsageLimit {
  /** When the limit lifts, if claude said. */
  resetsAt: Date | null;
  /** Which limit: "five_hour", "seven_day", … as claude names it. */
  limitType: string | null;
}

const RateLimitEvent = z.object({
  type: z.literal("rate_limit_event"),
  rate_limit_info: z.object({
    status: z.string(),
    resetsAt: z.number().finite().positive().optional(),
    rateLimitType: z.string().optional(),
  }),
});

const RateLimitedReply = z.object({ type: z.literal("assistant"), error: z.literal("rate_limit") });

const LEGACY_LIMIT_TEXT = /Claude AI usage limit reached\|(\d{9,11})/;
const LEGACY_MARK = "Claude AI usage limit reached|";
const LegacyResult = z.object({ type: z.literal("result"), result: z.string().regex(LEGACY_LIMIT_TEXT) });
const LegacyReply = z.object({
  type: z.literal("assistant"),
  message: z.object({
    content: z.array(z.object({ type: z.literal("text"), text: z.string().regex(LEGACY_LIMIT_TEXT) })).nonempty(),
  }),
});

/** The text of the first block of an assistant message, if it is a text block (the legacy limit's reply starts so). */
function firstText(message: JsonObject): string | null {
  const content = (message.message as { content?: unknown } | null | undefined)?.content;
  const first: unknown = Array.isArray(content) ? content[0] : undefined;
  const text = (first as { text?: unknown } | null | undefined)?.text;
  return typeof text === "string" ? text : null;
}

/**
 * The usage limit a stream-json message reports, or null. Every line of claude's goes through here, so only the
 * schemas of the message's own `type` are tried, and the legacy text's only when it is there: a schema that fails
 * costs far more than one that is not tried.
 */
export function usageLimitOf(message: JsonObject | null): UsageLimit | null {
  if (message?.type === "assistant") {
    if (message.error === "rate_limit") return { resetsAt: null, limitType: null };
    if (!firstText(message)?.includes(LEGACY_MARK)) return null;
  } else if (message?.type === "result") {
    if (typeof message.result !== "string" || !message.result.includes(LEGACY_MARK)) return null;
  } else if (message?.type !== "rate_limit_event") return null;
  const event = RateLimitEvent.safeParse(message);
  if (event.success) {
    const info = event.data.rate_limit_info;
    if (info.status !== "rejected") return null;
    return {
      resetsAt: info.resetsAt === undefined ? null : new Date(info.resetsAt * 1000),
      limitType: info.rateLimitType ?? null,
    };
  }
  if (RateLimitedReply.safeParse(message).success) return { resetsAt: null, limitType: null };
  const legacy = LegacyResult.safeParse(message);
  const reply = LegacyReply.safeParse(message);
  const text = legacy.success ? legacy.data.result : reply.success ? reply.data.message.content[0].text : null;
  const epoch = text && LEGACY_LIMIT_TEXT.exec(text)?.[1];
  return epoch ? { resetsAt: new Date(Number(epoch) * 1000), limitType: null } : null;
}
