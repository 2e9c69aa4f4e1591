"use client";

import { BashInput, readInput } from "@/lib/shared/stream/tool-inputs";
import type { ToolResult, ToolUse } from "@/lib/shared/stream/tool-results";
import { LongText } from "./long-text";
import { callStatus, GenericToolCall, ToolFrame, ToolHeader, ToolResultView } from "./tool-parts";

/** Lines of a command shown before "show all" (a heredoc can be a whole file). */
export const COMMAND_LINES = 12;

/**
 * A Bash call as a terminal shows it: its description, the command after a `$`, then its output with ANSI colours
 * drawn and cursor movement and other control sequences taken out (./ansi.ts).
 */
export function BashCall({ use, result }: { use: ToolUse; result: ToolResult | null }) {
  const input = readInput(BashInput, use.input);
  if (!input) return <GenericToolCall use={use} result={result} />;
  const status = callStatus(result);
  return (
    <ToolFrame>
      <div className="text-xs">
        <ToolHeader
          name={use.name}
          target={input.description}
          status={status}
          outcome={input.run_in_background && status === "done" ? "in the background" : undefined}
        />
      </div>
      <div className="mt-1 flex gap-2 rounded bg-zinc-900 px-2 py-1 font-mono text-xs text-zinc-100">
        <span className="select-none text-emerald-400">$</span>
        <LongText text={input.command} maxLines={COMMAND_LINES} className="min-w-0 flex-1" />
      </div>
      {result ? <ToolResultView result={result} terminal label="output" /> : null}
    </ToolFrame>
  );
}
