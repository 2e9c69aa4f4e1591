"use client";

import { compactLine } from "@/lib/shared/stream/tool-summary";
import type { ToolResult, ToolUse } from "@/lib/shared/stream/tool-results";
import { LazyDetails } from "./lazy-details";
import { callStatus, GenericToolCall, InputJson, ToolHeader, ToolResultBody } from "./tool-parts";

/**
 * A Read, Grep or Glob call as one quiet line — the tool, the file or pattern, what it found
 * (lib/shared/stream/tool-summary.ts) — that opens to the output.
 */
export function CompactToolCall({ use, result }: { use: ToolUse; result: ToolResult | null }) {
  const line = compactLine(use.name, use.input, result);
  if (!line) return <GenericToolCall use={use} result={result} />;
  return (
    <div className="px-2" data-tool="compact">
      <LazyDetails
        summary={<ToolHeader name={use.name} target={line.target} status={callStatus(result)} outcome={line.outcome} />}
      >
        {() => (
          <div className={`mt-1 border-l-2 pl-2 ${result?.isError ? "border-red-500" : "border-zinc-300"}`}>
            {result ? <ToolResultBody result={result} /> : <p className="text-xs text-zinc-400">No result yet.</p>}
            <InputJson input={use.input} />
          </div>
        )}
      </LazyDetails>
    </div>
  );
}
