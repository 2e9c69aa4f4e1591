"use client";

import type { StreamEntryOf } from "@/lib/shared/stream/entry";
import { formatClock } from "@/lib/shared/stream/format";
import { LazyDetails } from "./lazy-details";
import { LongText } from "./long-text";

/**
 * claude's asides — its `system` notices (compaction, API retries, status, hooks, subagent tasks …) and rate-limit
 * events — as one quiet line each; a notice opens to the message's JSON.
 */

const tone = { info: "text-zinc-400", warning: "text-amber-700", error: "text-red-700" } as const;

export function SystemNoticeLine({ entry }: { entry: StreamEntryOf<"systemNotice"> }) {
  return (
    <LazyDetails
      className={`px-2 ${tone[entry.level] ?? tone.info}`}
      summary={
        <span data-level={entry.level}>
          <span className="mr-2 select-none font-mono opacity-75">{entry.subtype || "system"}</span>
          {entry.text}
        </span>
      }
    >
      {() => <LongText text={entry.json} className="mt-1 rounded bg-zinc-50 p-2 font-mono text-xs text-zinc-600" />}
    </LazyDetails>
  );
}

const LIMIT_NAMES: Record<string, string> = {
  five_hour: "5-hour",
  seven_day: "weekly",
  seven_day_opus: "weekly Opus",
  seven_day_sonnet: "weekly Sonnet",
};

/** "Usage: 82% of the 5-hour limit · resets 15:00"; a rejected request says the limit is reached. */
export function rateLimitText(entry: StreamEntryOf<"rateLimit">, now = new Date()): string {
  const limit = entry.limitType ? `${LIMIT_NAMES[entry.limitType] ?? entry.limitType} limit` : "usage limit";
  const used = entry.utilization === null ? null : `${Math.round(entry.utilization * 100)}% of the ${limit}`;
  const resets = entry.resetsAt === null ? null : `resets ${formatClock(new Date(entry.resetsAt), now)}`;
  const head =
    entry.status === "rejected"
      ? `Usage limit reached (${limit})`
      : entry.status === "allowed_warning"
        ? `Usage warning${used ? `: ${used}` : ` (${limit})`}`
        : `Usage within the ${limit}${used ? ` (${used.split(" of ")[0]})` : ""}`;
  return [head, resets].filter(Boolean).join(" · ");
}

export function RateLimitLine({ entry }: { entry: StreamEntryOf<"rateLimit"> }) {
  const level = entry.status === "rejected" ? "error" : entry.status === "allowed_warning" ? "warning" : "info";
  return (
    <p className={`px-2 text-xs ${tone[level]}`} data-status={entry.status}>
      <span className="mr-2 select-none font-mono opacity-75">rate limit</span>
      {rateLimitText(entry)}
    </p>
  );
}
