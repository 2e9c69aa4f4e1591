"use client";

import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from "react";

/** How close to the bottom (px) still counts as "at the bottom". */
const BOTTOM_SLACK = 48;

export interface AutoScroll {
  /** True while the view follows new output. */
  following: boolean;
  onScroll: () => void;
  onWheel: (event: { deltaY: number }) => void;
  /** Scrolls to the newest output and follows it again. */
  jumpToLatest: () => void;
}

/**
 * Keeps a scrolling element pinned to its bottom while the user is there: after each content change
 * (`contentVersion`) it scrolls down if following. Scrolling up stops following; reaching the bottom again
 * (or `jumpToLatest`) resumes it.
 */
export function useAutoScroll(ref: RefObject<HTMLElement | null>, contentVersion: unknown): AutoScroll {
  const [following, setFollowing] = useState(true);
  const followingRef = useRef(true);

  const setFollow = useCallback((value: boolean) => {
    if (followingRef.current === value) return;
    followingRef.current = value;
    setFollowing(value);
  }, []);

  const onScroll = useCallback(() => {
    const element = ref.current;
    if (!element) return;
    setFollow(element.scrollHeight - element.scrollTop - element.clientHeight <= BOTTOM_SLACK);
  }, [ref, setFollow]);

  // A wheel turn upwards stops following at once, before output arriving in the same frame pulls it back.
  const onWheel = useCallback(
    (event: { deltaY: number }) => {
      if (event.deltaY < 0) setFollow(false);
    },
    [setFollow],
  );

  const jumpToLatest = useCallback(() => {
    const element = ref.current;
    setFollow(true);
    if (element) element.scrollTop = element.scrollHeight;
  }, [ref, setFollow]);

  useLayoutEffect(() => {
    const element = ref.current;
    if (element && followingRef.current) element.scrollTop = element.scrollHeight;
  }, [ref, contentVersion, following]);

  return { following, onScroll, onWheel, jumpToLatest };
}
