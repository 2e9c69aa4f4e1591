"use client";

import { useCallback, useEffect, useState, type KeyboardEvent, type RefObject } from "react";

/** How close to the bottom (px) still counts as "at the bottom". */
export const BOTTOM_SLACK = 48;

/** Keys that scroll a focused log up: pressing one stops following at once, like a wheel turn upwards. */
const UP_KEYS = new Set(["ArrowUp", "PageUp", "Home"]);
/** Every key that scrolls a focused log. */
const SCROLL_KEYS = new Set([...UP_KEYS, "ArrowDown", "PageDown", "End", " "]);

/** How long after a finger or the mouse button leaves the log its scrolling is still the reader's (a fling goes on). */
export const GESTURE_AFTERGLOW_MS = 1000;

/**
 * Whether the log follows its newest output, from what the reader does. Reaching the bottom, however it happens,
 * follows again. Leaving it stops following only when the reader did it: a wheel turn or key upwards, or a scroll
 * while a pointer or finger drags (the scroll bar, a touch screen), or just after one of these. The log also scrolls
 * by itself (rows measured as they render, older pages put above, the page's scripts taking over from the server's
 * rows): none of that may stop it following, or a tab could open on its newest output and be left at the top.
 */
export class FollowState {
  following = true;
  private pressed = false;
  private gestureEndedAt = -Infinity;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** A pointer button or a finger went down on the log. */
  press(): void {
    this.pressed = true;
  }

  /** It was lifted (anywhere). */
  release(): void {
    if (!this.pressed) return;
    this.pressed = false;
    this.gestureEndedAt = this.now();
  }

  /** A wheel turn or a scrolling key: the scrolling that follows (it may be animated) is the reader's. */
  nudge(): void {
    this.gestureEndedAt = this.now();
  }

  /** The log scrolled, to `distanceFromBottom` px above its bottom. Returns whether it follows now. */
  scrolled(distanceFromBottom: number): boolean {
    if (distanceFromBottom <= BOTTOM_SLACK) this.following = true;
    else if (this.pressed || this.now() - this.gestureEndedAt <= GESTURE_AFTERGLOW_MS) this.following = false;
    return this.following;
  }

  set(following: boolean): void {
    this.following = following;
  }
}

export interface AutoScroll {
  /** True while the view follows new output. */
  following: boolean;
  onScroll: () => void;
  onWheel: (event: { deltaY: number }) => void;
  onKeyDown: (event: KeyboardEvent) => void;
  /** For the log's pointer and touch starts: what scrolls while they last is the reader's doing. */
  onPointerDown: () => void;
  onTouchStart: () => void;
  /** Follows new output again (the caller scrolls to it). */
  follow: () => void;
  /** Stops following, as scrolling up does (going to an older entry). */
  stopFollowing: () => void;
}

/**
 * Whether a scrolling log follows its newest output (see `FollowState`): it does while the reader is at the bottom;
 * scrolling up (wheel, keys, scroll bar, touch) stops it; reaching the bottom again, or `follow` (Jump to latest),
 * resumes it. Keeping the bottom in view while following is the list's part (see `useVisibleWindow`).
 */
export function useAutoScroll(ref: RefObject<HTMLElement | null>): AutoScroll {
  const [following, setFollowing] = useState(true);
  const [state] = useState(() => new FollowState());

  const show = useCallback(() => setFollowing(state.following), [state]);
  const setFollow = useCallback(
    (value: boolean) => {
      state.set(value);
      show();
    },
    [state, show],
  );

  // A drag may end outside the log (or the window): its end is heard wherever it happens.
  useEffect(() => {
    const release = () => state.release();
    const events = ["pointerup", "pointercancel", "touchend", "touchcancel"] as const;
    for (const event of events) window.addEventListener(event, release, { passive: true });
    return () => {
      for (const event of events) window.removeEventListener(event, release);
    };
  }, [state]);

  const onScroll = useCallback(() => {
    const element = ref.current;
    if (!element) return;
    state.scrolled(element.scrollHeight - element.scrollTop - element.clientHeight);
    show();
  }, [ref, state, show]);

  // A wheel turn or key press upwards stops following at once, before output arriving in the same frame pulls it back.
  const onWheel = useCallback(
    (event: { deltaY: number }) => {
      state.nudge();
      if (event.deltaY < 0) setFollow(false);
    },
    [state, setFollow],
  );
  const onKeyDown = useCallback(
    (event: KeyboardEvent) => {
      if (SCROLL_KEYS.has(event.key)) state.nudge();
      if (UP_KEYS.has(event.key) || (event.key === " " && event.shiftKey)) setFollow(false);
    },
    [state, setFollow],
  );
  const press = useCallback(() => state.press(), [state]);

  const follow = useCallback(() => setFollow(true), [setFollow]);
  const stopFollowing = useCallback(() => setFollow(false), [setFollow]);

  return {
    following,
    onScroll,
    onWheel,
    onKeyDown,
    onPointerDown: press,
    onTouchStart: press,
    follow,
    stopFollowing,
  };
}
