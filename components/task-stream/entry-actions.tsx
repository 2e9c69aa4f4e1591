"use client";

import { useState } from "react";
import type { StoredLine } from "@/lib/shared/protocol/ui";
import type { StreamItem } from "@/lib/shared/stream/tool-results";
import { rowSeqs, seqAnchor } from "./row-seqs";

const action = "rounded bg-white/90 px-1.5 py-0.5 text-[10px] font-medium text-zinc-600 shadow-sm hover:bg-zinc-100";

/**
 * A row's actions, shown while it is hovered or focused: a link to it (`#seq-<n>`, which opens the view there) and
 * "Copy raw JSON" of its line as stored (for a tool call with its result, the result's line too, apart).
 */
export function EntryActions({ item, lineOf }: { item: StreamItem; lineOf: (seq: number) => StoredLine | undefined }) {
  const { own, result } = rowSeqs(item);
  const [copied, setCopied] = useState<number | null>(null);
  const copy = async (seq: number) => {
    const line = lineOf(seq);
    if (!line) return;
    try {
      await navigator.clipboard.writeText(line.line);
      setCopied(seq);
      setTimeout(() => setCopied((shown) => (shown === seq ? null : shown)), 1500);
    } catch {
      setCopied(null);
    }
  };
  return (
    <div
      data-testid="entry-actions"
      className="absolute right-14 top-0 z-10 flex gap-1 opacity-0 focus-within:opacity-100 group-hover/row:opacity-100"
    >
      <a href={`#${seqAnchor(own)}`} className={action} aria-label={`Link to line ${own}`} title="Link to this entry">
        🔗
      </a>
      <button type="button" className={action} onClick={() => void copy(own)}>
        {copied === own ? "Copied" : "Copy raw JSON"}
      </button>
      {result !== null ? (
        <button type="button" className={action} onClick={() => void copy(result)}>
          {copied === result ? "Copied" : "Copy result JSON"}
        </button>
      ) : null}
    </div>
  );
}
