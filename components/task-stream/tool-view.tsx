"use client";

import type { ToolResult, ToolUse } from "@/lib/shared/stream/tool-results";
import { isLong, oneLine, prettyInput, toolHint } from "@/lib/shared/stream/format";
import { LazyDetails } from "./lazy-details";
import { LongText } from "./long-text";

/** A tool call (name, hint, input JSON when opened) with its result beneath it once it came. */
export function ToolCallView({ use, result }: { use: ToolUse; result: ToolResult | null }) {
  const hint = toolHint(use.input);
  const status = result === null ? "…" : result.isError ? "error" : "done";
  return (
    <div className="rounded-md border border-zinc-200 bg-zinc-50 px-2 py-1">
      <LazyDetails
        summary={
          <span className="inline-flex max-w-full items-baseline gap-2 align-baseline">
            <span className="font-mono font-semibold text-zinc-800">{use.name}</span>
            {hint ? <span className="truncate font-mono text-zinc-500">{hint}</span> : null}
            <span
              className={result?.isError ? "text-red-600" : "text-zinc-400"}
              title={result === null ? "no result yet" : undefined}
            >
              {status}
            </span>
          </span>
        }
      >
        {() => (
          <pre className="mt-1 overflow-x-auto rounded bg-white p-2 font-mono text-xs text-zinc-700">
            {prettyInput(use.input)}
          </pre>
        )}
      </LazyDetails>
      {result ? <ToolResultView result={result} /> : null}
    </div>
  );
}

/** A tool's output: open when short, collapsed when long; errors have a red border and say "error". */
export function ToolResultView({ result, orphan = false }: { result: ToolResult; orphan?: boolean }) {
  const border = result.isError ? "border-red-500" : "border-zinc-300";
  const content = trimTrailingNewlines(result.content);
  const lineCount = content ? content.split("\n", 10_000).length : 0;
  return (
    <LazyDetails
      defaultOpen={!isLong(content)}
      className={`mt-1 border-l-2 pl-2 ${border}`}
      summary={
        <span className="text-zinc-500">
          {result.isError ? <span className="font-semibold text-red-600">error</span> : "result"}
          {orphan ? <span className="font-mono"> for {oneLine(result.toolUseId, 40) || "an unknown call"}</span> : null}
          <span>
            {" "}
            · {lineCount} {lineCount === 1 ? "line" : "lines"}
          </span>
        </span>
      }
    >
      {() => (
        <LongText
          text={content || "(no output)"}
          className={`max-h-96 overflow-y-auto font-mono text-xs ${result.isError ? "text-red-700" : "text-zinc-700"}`}
        />
      )}
    </LazyDetails>
  );
}

function trimTrailingNewlines(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === "\n" || text[end - 1] === "\r")) end--;
  return end === text.length ? text : text.slice(0, end);
}
