import type { StreamEntryOf } from "@/lib/shared/stream/entry";
import { formatCost, formatDuration, formatTurns } from "@/lib/shared/stream/format";
import { LongText } from "./long-text";

/** The end of a claude run: outcome, turns, duration and cost. */
export function ResultCard({ entry }: { entry: StreamEntryOf<"result"> }) {
  const facts = [formatTurns(entry.numTurns), formatDuration(entry.durationMs), formatCost(entry.costUsd)].filter(
    Boolean,
  );
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
