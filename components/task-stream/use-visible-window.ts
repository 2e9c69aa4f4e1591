"use client";

import { useCallback, useEffect, useLayoutEffect, type RefObject } from "react";
import { useVirtualizer, type Virtualizer } from "@tanstack/react-virtual";
import type { StreamRow } from "./stream-rows";
import { BOTTOM_SLACK } from "./use-auto-scroll";

/** Height (px) of the band above the first row: "Beginning of output", or where the page above is loading. */
export const TOP_BAND_PX = 40;
/** Space (px) below the last row. */
const BOTTOM_PADDING_PX = 12;
/** Rows rendered beyond those on screen, above and below: enough for a page-up's worth to show at once. */
export const OVERSCAN_ROWS = 30;
/**
 * While following, fewer: each render then brings many new rows, and each one mounted is measured, which costs a
 * layout. Still a page-up's worth of the shortest rows on a laptop screen.
 */
const FOLLOWING_OVERSCAN_ROWS = 15;
/** The page above is asked for once the first row on screen is this close to the first row held. */
export const PREFETCH_ROWS = 100;

/** A guess at a row's height before it is measured (each row has 8 px below it); only its own size is measured. */
export function estimateRowSize(row: StreamRow | undefined): number {
  if (!row || row.kind === "moved") return 0;
  if (row.kind === "tool") return row.result ? 90 : 42;
  return row.entry.kind === "assistantText" ? 52 : 36;
}

export interface VisibleWindowOptions {
  /** Follow the newest row (see `useAutoScroll`). */
  following: boolean;
  /** The first line is held: there is nothing above to load. */
  reachedStart: boolean;
  /** Asks for the page above the first row held. */
  loadEarlier: () => void;
  /** Changes with the rows (the buffer's version) and whenever loading could go on (the connection coming back). */
  version: unknown;
}

/**
 * Renders only the rows on screen (and `OVERSCAN_ROWS` around them) of a task's output, however long, with
 * TanStack Virtual: each row measured as it renders, the list anchored to its end, so the rows on screen stay where
 * they are when older pages are put above them and while new rows arrive below, and it follows the newest row while
 * `following`. Nearing the first row held, it asks for the page above.
 */
export function useVisibleWindow(
  ref: RefObject<HTMLElement | null>,
  rows: readonly StreamRow[],
  { following, reachedStart, loadEarlier, version }: VisibleWindowOptions,
): Virtualizer<HTMLElement, HTMLDivElement> {
  // The rows array grows in place and is a new one only when the rows were made again: the key function changes
  // with it, so the virtualizer does not go over every row on each render (a count change makes it place them).
  const getItemKey = useCallback((index: number) => rows[index]?.key ?? index, [rows]);
  const estimateSize = useCallback((index: number) => estimateRowSize(rows[index]), [rows]);

  // The project does not run the React Compiler; the virtualizer re-renders the component itself as it scrolls.
  // eslint-disable-next-line react-hooks/incompatible-library -- see above
  const virtualizer = useVirtualizer<HTMLElement, HTMLDivElement>({
    count: rows.length,
    getScrollElement: () => ref.current,
    estimateSize,
    getItemKey,
    overscan: following ? FOLLOWING_OVERSCAN_ROWS : OVERSCAN_ROWS,
    paddingStart: TOP_BAND_PX,
    paddingEnd: BOTTOM_PADDING_PX,
    anchorTo: "end",
    followOnAppend: following,
    scrollEndThreshold: BOTTOM_SLACK,
  });

  // Following: the newest row at the bottom, after the first page and whatever else moved it away.
  useLayoutEffect(() => {
    if (following && rows.length > 0 && !virtualizer.isAtEnd()) virtualizer.scrollToEnd();
  }, [virtualizer, following, version, rows.length]);

  // Not while following the newest rows (the first render shows the top of the page for a moment), unless they are
  // too few to scroll: then nothing else would ever ask.
  const firstOnScreen = virtualizer.range?.startIndex ?? 0;
  const scrollable = virtualizer.getTotalSize() > 2 * (virtualizer.scrollRect?.height ?? 0);
  useEffect(() => {
    if (reachedStart || rows.length === 0 || (following && scrollable)) return;
    if (firstOnScreen < PREFETCH_ROWS) loadEarlier();
  }, [reachedStart, rows.length, following, scrollable, firstOnScreen, loadEarlier, version]);

  return virtualizer;
}
