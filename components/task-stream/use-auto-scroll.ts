"use client";

import { useCallback, useRef, useState, type KeyboardEvent, type RefObject } from "react";

/** How close to the bottom (px) still counts as "at the bottom". */
export const BOTTOM_SLACK = 48;

/** Keys that scroll a focused log up: pressing one stops following at once, like a wheel turn upwards. */
const UP_KEYS = new Set(["ArrowUp", "PageUp", "Home"]);

export interface AutoScroll {
  /** True while the view follows new output. */
  following: boolean;
  onScroll: () => void;
  onWheel: (event: { deltaY: number }) => void;
  onKeyDown: (event: KeyboardEvent) => void;
  /** Follows new output again (the caller scrolls to it). */
  follow: () => void;
  /** Stops following, as scrolling up does (going to an older entry). */
  stopFollowing: () => void;
}

/**
 * Whether a scrolling log follows its newest output: it does while the reader is at the bottom. Scrolling up (wheel,
 * keys, scroll bar, touch) stops it; reaching the bottom again, or `follow` (Jump to latest), resumes it. Keeping the
 * bottom in view while following is the list's part (see `useVisibleWindow`).
 */
export function useAutoScroll(ref: RefObject<HTMLElement | null>): AutoScroll {
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

  // A wheel turn or key press upwards stops following at once, before output arriving in the same frame pulls it back.
  const onWheel = useCallback(
    (event: { deltaY: number }) => {
      if (event.deltaY < 0) setFollow(false);
    },
    [setFollow],
  );
  const onKeyDown = useCallback(
    (event: KeyboardEvent) => {
      if (UP_KEYS.has(event.key)) setFollow(false);
    },
    [setFollow],
  );

  const follow = useCallback(() => setFollow(true), [setFollow]);
  const stopFollowing = useCallback(() => setFollow(false), [setFollow]);

  return { following, onScroll, onWheel, onKeyDown, follow, stopFollowing };
}
