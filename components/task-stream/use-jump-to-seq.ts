"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Virtualizer } from "@tanstack/react-virtual";
import { rowIndexOfSeq, seqOfHash } from "./row-seqs";
import type { StreamRow } from "./stream-rows";

/**
 * How far above the lines held a line may be and still be reached by loading the pages between (a couple of round
 * trips); one farther away is reached by starting over around it (`showAround`).
 */
const NEAR_LINES = 4000;

export interface JumpOptions {
  rows: readonly StreamRow[];
  /** The newest page has come (`useTaskLines().loaded`). */
  loaded: boolean;
  /** Seq 1 is held. */
  reachedStart: boolean;
  /** The first seq of the lines held without a gap (`useTaskLines().lowestSeq`). */
  lowestSeq: number;
  /** The last seq of the lines held without a gap (`useTaskLines().contiguousSeq`). */
  contiguousSeq: number;
  /** The lines held start above the newest (`useTaskLines().startedElsewhere`): later ones are still on their way. */
  startedElsewhere: boolean;
  loadEarlier: () => void;
  showAround: (seq: number) => void;
  /** Changes whenever the lines held do, or loading could go on (the connection came back). */
  version: unknown;
  virtualizer: Virtualizer<HTMLElement, HTMLDivElement>;
  /** Stops following the newest output, so that new lines do not pull the view away from the entry. */
  stopFollowing: () => void;
}

export interface Jump {
  /** Shows line `seq`: loads the pages down to it when it is older than what is held, scrolls to it, marks it. */
  jumpTo: (seq: number) => void;
  /** The key of the row of the line jumped to last, shown marked (null until its row is held). */
  markedKey: string | null;
}

/**
 * Going to one line of a task's output: a search hit, or the page's address (`/tasks/<id>#seq-<n>`, on opening and
 * whenever the hash changes). The view holds a window of lines that grows at its ends: a line a few pages above it is
 * reached by loading those pages; one farther away by letting the window go and starting over around the line (the
 * lines below it then come page after page). Then its row is scrolled to the middle of the view and marked.
 */
export function useJumpToSeq({
  rows,
  loaded,
  reachedStart,
  lowestSeq,
  contiguousSeq,
  startedElsewhere,
  loadEarlier,
  showAround,
  version,
  virtualizer,
  stopFollowing,
}: JumpOptions): Jump {
  // A new object each time: going to the same line again scrolls to it again.
  const [target, setTarget] = useState<{ seq: number } | null>(null);
  /** The target scrolled to already. */
  const reached = useRef<{ seq: number } | null>(null);
  /** The target the lines were started over for (once per target). */
  const movedFor = useRef<{ seq: number } | null>(null);
  const jumpTo = useCallback((seq: number) => setTarget({ seq }), []);

  useEffect(() => {
    const fromHash = () => {
      const seq = seqOfHash(window.location.hash);
      if (seq !== null) jumpTo(seq);
    };
    fromHash();
    window.addEventListener("hashchange", fromHash);
    return () => window.removeEventListener("hashchange", fromHash);
  }, [jumpTo]);

  useEffect(() => {
    if (!target || reached.current === target || !loaded) return;
    stopFollowing();
    const { seq } = target;
    const above = !reachedStart && !(lowestSeq > 0 && lowestSeq <= seq);
    // Below what is held while later lines are still coming (after starting over above): not there yet.
    const below = startedElsewhere && seq > contiguousSeq;
    if ((above && lowestSeq - seq > NEAR_LINES) || below) {
      if (movedFor.current !== target) {
        movedFor.current = target;
        showAround(seq);
      }
      return;
    }
    if (above) {
      // Once at a time; the page's arrival changes `version` and brings this back.
      loadEarlier();
      return;
    }
    reached.current = target;
    const index = rowIndexOfSeq(rows, target.seq);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: "center" });
  }, [
    target,
    loaded,
    reachedStart,
    lowestSeq,
    contiguousSeq,
    startedElsewhere,
    rows,
    version,
    loadEarlier,
    showAround,
    virtualizer,
    stopFollowing,
  ]);

  const markedKey = useMemo(
    () => (target ? (rows[rowIndexOfSeq(rows, target.seq)]?.key ?? null) : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `rows` changes in place: `version` says when.
    [target, rows, version],
  );
  return { jumpTo, markedKey };
}
