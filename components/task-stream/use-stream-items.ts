"use client";

import { useMemo } from "react";
import type { StoredLine } from "@/lib/shared/protocol/ui";
import { normalizeLine } from "@/lib/shared/stream/normalize";
import type { StreamEntry } from "@/lib/shared/stream/entry";
import { pairToolResults, type StreamItem } from "@/lib/shared/stream/tool-results";

/** Each line's entries, normalised once per line object: entries keep their identity, so memoised views skip re-rendering. */
const normalizedLines = new WeakMap<StoredLine, StreamEntry[]>();

/** The view items for a task's lines: each line normalised (once), then tool results paired with their calls. */
export function useStreamItems(lines: readonly StoredLine[], version: number): StreamItem[] {
  return useMemo(() => {
    const entries: StreamEntry[] = [];
    for (const line of lines) {
      let normalized = normalizedLines.get(line);
      if (!normalized) {
        normalized = normalizeLine(line);
        normalizedLines.set(line, normalized);
      }
      for (const entry of normalized) entries.push(entry);
    }
    return pairToolResults(entries);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `lines` is the buffer's array, mutated in place: `version` says when it changed.
  }, [lines, version]);
}
