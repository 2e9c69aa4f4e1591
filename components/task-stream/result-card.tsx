import type { StreamEntryOf, TokenUsage } from "@/lib/shared/stream/entry";
import { formatCost, formatCount, formatDuration, formatTurns } from "@/lib/shared/stream/format";
import { LongText } from "./long-text";

/**
 * The end of a claude run: outcome, turns, duration and cost, and its tokens as the result's `usage` counts them
 * (input, output, and the prompt cache's writes and reads apart: input does not include them).
 */
export function ResultCard({ entry }: { entry: StreamEntryOf<"result"> }) {
  const facts = [
    formatTurns(entry.numTurns),
    formatDuration(entry.durationMs),
    formatCost(entry.costUsd),
    ...tokenFacts(entry.usage ?? null),
  ].filter(Boolean);
  const colours = entry.isError
    ? "border-red-300 bg-red-50 text-red-800"
    : "border-emerald-300 bg-emerald-50 text-emerald-800";
  return (
    <div className={`rounded-md border px-3 py-2 ${colours}`}>
      <div className="text-sm font-semibold">
        {entry.isError ? <LongText text={`Failed: ${entry.text || entry.subtype || "unknown error"}`} /> : "Completed"}
      </div>
      {facts.length > 0 ? (
        <div className="mt-1 flex flex-wrap gap-x-4 text-xs opacity-80">
          {facts.map((fact) => (
            <span key={fact}>{fact}</span>
          ))}
        </div>
      ) : null}
    </div>
  );
}

/** "1,234 in", "567 out", "cache 8,900 written, 12,000 read" (cache only when it was used). */
export function tokenFacts(usage: TokenUsage | null): string[] {
  if (!usage) return [];
  const facts = [`${formatCount(usage.inputTokens)} tokens in`, `${formatCount(usage.outputTokens)} out`];
  if (usage.cacheCreationInputTokens > 0 || usage.cacheReadInputTokens > 0) {
    facts.push(
      `cache ${formatCount(usage.cacheCreationInputTokens)} written, ${formatCount(usage.cacheReadInputTokens)} read`,
    );
  }
  return facts;
}
