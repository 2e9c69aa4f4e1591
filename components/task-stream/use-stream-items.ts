"use client";

import { useMemo, useRef } from "react";
import type { StoredLine } from "@/lib/protocol/ui";
import { normalizeLine } from "@/lib/stream/normalize";
import type { StreamEntry } from "@/lib/stream/entry";
import { pairToolResults, type StreamItem } from "@/lib/stream/tool-results";

/**
 * The view items for a task's lines: each line is normalised once (cached by line object, so entries keep
 * their identity and memoised views skip re-rendering), then tool results are paired with their calls.
 */
export function useStreamItems(lines: readonly StoredLine[], version: number): StreamItem[] {
  const cache = useRef(new WeakMap<StoredLine, StreamEntry[]>());
  return useMemo(() => {
    const entries: StreamEntry[] = [];
    for (const line of lines) {
      let normalized = cache.current.get(line);
      if (!normalized) {
        normalized = normalizeLine(line);
        cache.current.set(line, normalized);
      }
      for (const entry of normalized) entries.push(entry);
    }
    return pairToolResults(entries);
    // `lines` is the buffer's array, mutated in place: `version` says when it changed.
  }, [lines, version]);
}
