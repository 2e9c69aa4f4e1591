import { z } from "zod";
import type { JsonObject } from "../../lib/shared/stream/json-type";

/**
 * Trouble with Anthropic's API, as claude reports it (the agent SDK's sdk.d.ts): a `system`/`api_retry` message each
 * time claude waits to try a request again, and an assistant message flagged `error: "overloaded"` or
 * `"server_error"` once it has given up. Older versions only print a result whose text is `API Error: 5xx …`.
 */
export interface ApiRetry {
  attempt: number;
  maxRetries: number;
  delayMs: number;
  /** The HTTP status; null for a connection error. */
  status: number | null;
  error: string;
}

const ApiRetryMessage = z.object({
  type: z.literal("system"),
  subtype: z.literal("api_retry"),
  attempt: z.number().int().nonnegative(),
  max_retries: z.number().int().nonnegative(),
  retry_delay_ms: z.number().nonnegative(),
  error_status: z.number().int().nullable().default(null),
  error: z.string().max(200).default("unknown"),
});

/** The errors worth another try a little later: the API was busy or broken, not the request. */
const TRANSIENT_ERRORS = ["overloaded", "server_error"] as const;
const GaveUpReply = z.object({ type: z.literal("assistant"), error: z.enum(TRANSIENT_ERRORS) });
const ServerErrorResult = z.object({ type: z.literal("result"), result: z.string().regex(/^API Error: 5\d\d\b/) });

/** claude waits to try an API request again. */
export function apiRetryOf(message: JsonObject | null): ApiRetry | null {
  // Every line comes here: most are no system message, and a schema that fails costs far more than a comparison.
  if (message?.type !== "system" || message.subtype !== "api_retry") return null;
  const parsed = ApiRetryMessage.safeParse(message);
  if (!parsed.success) return null;
  const { attempt, max_retries, retry_delay_ms, error_status, error } = parsed.data;
  return { attempt, maxRetries: max_retries, delayMs: retry_delay_ms, status: error_status, error };
}

/** claude gave up on the API for a transient reason: "overloaded", "server_error", or the older result's text. */
export function apiFailureOf(message: JsonObject | null): string | null {
  if (message?.type === "assistant" && message.error === undefined) return null;
  if (message?.type !== "assistant" && message?.type !== "result") return null;
  const reply = GaveUpReply.safeParse(message);
  if (reply.success) return reply.data.error;
  const result = ServerErrorResult.safeParse(message);
  return result.success ? result.data.result.slice(0, 200) : null;
}

/** "Claude's API request failed (529, overloaded): retry 2 of 10 in 4 s". */
export function apiRetryNotice(retry: ApiRetry): string {
  const cause = [retry.status, retry.error].filter((part) => part !== null && part !== "unknown").join(", ");
  const seconds = Math.max(1, Math.round(retry.delayMs / 1000));
  return `Claude's API request failed${cause ? ` (${cause})` : ""}: retry ${retry.attempt} of ${retry.maxRetries} in ${seconds} s`;
}
