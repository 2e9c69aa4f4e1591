"use client";

import { memo } from "react";
import { Markdown } from "@/components/ui/markdown";
import type { TaskLiveTextEvent } from "@/lib/shared/protocol/ui";

/**
 * A block claude is still writing, below the stored output: its text as markdown (as the final message will read),
 * thinking in grey. Busy for assistive technology, so the log does not read every keystroke out.
 */
export const LiveMessage = memo(function LiveMessage({ block }: { block: TaskLiveTextEvent }) {
  return (
    <div
      data-testid="live-message"
      data-kind={block.kind}
      data-subagent-entry={block.parentToolUseId ? "" : undefined}
      aria-busy="true"
      className="pb-2"
    >
      {block.kind === "thinking" ? (
        <p className="whitespace-pre-wrap break-words border-l-2 border-zinc-200 pl-2 text-sm italic text-zinc-500">
          {block.text}
        </p>
      ) : (
        <Markdown text={block.text} className="text-zinc-900" />
      )}
      <span className="mt-0.5 inline-block h-3 w-1.5 animate-pulse bg-zinc-400" aria-hidden="true" />
    </div>
  );
});
