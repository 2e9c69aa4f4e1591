"use client";

import type { StreamEntryOf } from "@/lib/shared/stream/entry";
import { rateLimitText } from "@/lib/shared/stream/system-notices";
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

export function RateLimitLine({ entry }: { entry: StreamEntryOf<"rateLimit"> }) {
  const level = entry.status === "rejected" ? "error" : entry.status === "allowed_warning" ? "warning" : "info";
  return (
    <p className={`px-2 text-xs ${tone[level]}`} data-status={entry.status}>
      <span className="mr-2 select-none font-mono opacity-75">rate limit</span>
      {rateLimitText(entry)}
    </p>
  );
}
