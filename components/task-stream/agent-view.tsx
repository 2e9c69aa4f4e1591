"use client";

import type { ReactNode } from "react";
import { Markdown } from "@/components/ui/markdown";
import { plural } from "@/lib/shared/stream/format";
import { AgentInput, readInput } from "@/lib/shared/stream/tool-inputs";
import type { ToolResult, ToolUse } from "@/lib/shared/stream/tool-results";
import { LazyDetails } from "./lazy-details";
import { callStatus, ToolFrame, ToolHeader, ToolResultView, trimTrailingNewlines } from "./tool-parts";

/**
 * A Task/Agent call: the subagent it started (its type and what it was asked), what the subagent did nested
 * beneath (the entries whose `parent_tool_use_id` is this call, drawn by the caller), and its report as markdown.
 */
export function AgentCall({
  use,
  result,
  steps,
  children,
}: {
  use: ToolUse;
  result: ToolResult | null;
  /** How many items are nested under the call. */
  steps: number;
  children: ReactNode;
}) {
  const input = readInput(AgentInput, use.input);
  const status = callStatus(result);
  const target = [input?.subagent_type, input?.description].filter(Boolean).join(": ");
  return (
    <ToolFrame>
      <div className="text-xs">
        <ToolHeader name={use.name} target={target} status={status} />
      </div>
      {input?.prompt ? (
        <LazyDetails summary={<span className="text-zinc-500">prompt</span>}>
          {() => <Markdown text={input.prompt!} className="mt-1 rounded bg-white p-2" />}
        </LazyDetails>
      ) : null}
      {steps > 0 ? (
        <LazyDetails
          defaultOpen={result === null}
          summary={<span className="text-zinc-500">{`subagent · ${plural(steps, "step")}`}</span>}
        >
          {() => (
            <div className="mt-1 space-y-2 border-l-2 border-indigo-200 pl-3" data-subagent="">
              {children}
            </div>
          )}
        </LazyDetails>
      ) : null}
      {result && !result.isError ? (
        <LazyDetails defaultOpen summary={<span className="text-zinc-500">report</span>} className="mt-1">
          {() => (
            <Markdown text={trimTrailingNewlines(result.content) || "(no report)"} className="rounded bg-white p-2" />
          )}
        </LazyDetails>
      ) : null}
      {result?.isError ? <ToolResultView result={result} /> : null}
    </ToolFrame>
  );
}
