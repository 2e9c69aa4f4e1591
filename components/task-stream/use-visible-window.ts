"use client";

import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from "react";

/** Items rendered at first, and how many more each "Show earlier output" adds. */
export const WINDOW_SIZE = 1500;
export const WINDOW_STEP = 2000;

export interface VisibleWindow {
  /** Index of the first item to render. */
  start: number;
  /** Renders `WINDOW_STEP` more items above, keeping what the user is reading in place. */
  showEarlier: () => void;
}

/**
 * Renders only the newest items of a long output, so a 10,000-line task stays responsive. While the
 * view follows new output the window slides; once the user scrolls away it stays put, so what they read
 * does not move. The scroller should set `overflow-anchor: none`: this hook keeps the position itself.
 */
export function useVisibleWindow(ref: RefObject<HTMLElement | null>, total: number, following: boolean): VisibleWindow {
  const [extra, setExtra] = useState(0);
  const [frozenStart, setFrozenStart] = useState<number | null>(null);
  const [wasFollowing, setWasFollowing] = useState(following);
  /** Distance from the content's end to the viewport's top before earlier items were added. */
  const fromBottom = useRef<number | null>(null);
  const slidingStart = Math.max(0, total - WINDOW_SIZE - extra);

  // Adjusting state while rendering (React's pattern for reacting to a prop change).
  if (following !== wasFollowing) {
    setWasFollowing(following);
    setFrozenStart(following ? null : slidingStart);
    if (following) setExtra(0);
  }

  const start = Math.min(frozenStart ?? slidingStart, total);

  const showEarlier = useCallback(() => {
    const element = ref.current;
    if (element) fromBottom.current = element.scrollHeight - element.scrollTop;
    setExtra((value) => value + WINDOW_STEP);
    setFrozenStart((value) => (value === null ? null : Math.max(0, value - WINDOW_STEP)));
  }, [ref]);

  useLayoutEffect(() => {
    const element = ref.current;
    if (element && fromBottom.current !== null) element.scrollTop = element.scrollHeight - fromBottom.current;
    fromBottom.current = null;
  }, [ref, start]);

  return { start, showEarlier };
}
