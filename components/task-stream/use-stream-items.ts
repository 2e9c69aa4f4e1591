"use client";

import { useMemo, useState } from "react";
import type { StoredLine } from "@/lib/shared/protocol/ui";
import { StreamRows, type StreamRow } from "./stream-rows";

/**
 * The view rows for a task's lines (see `StreamRows`): each line normalised once, tool results paired with their
 * calls, new lines at the end added without going over the others again. The array changes in place: `version` (the
 * buffer's) says when.
 */
export function useStreamItems(lines: readonly StoredLine[], version: number): readonly StreamRow[] {
  const [rows] = useState(() => new StreamRows());
  return useMemo(
    () => rows.update(lines),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `lines` is the buffer's array, mutated in place: `version` says when it changed.
    [rows, lines, version],
  );
}
