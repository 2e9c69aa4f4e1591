import { describe, expect, it } from "vitest";
import { BOTTOM_SLACK, FollowState, GESTURE_AFTERGLOW_MS } from "./use-auto-scroll";

function followState() {
  let now = 0;
  const state = new FollowState(() => now);
  return { state, wait: (ms: number) => (now += ms) };
}

describe("FollowState", () => {
  it("keeps following when the log scrolls by itself away from the bottom (rows measured, pages put above)", () => {
    const { state } = followState();
    expect(state.scrolled(1879)).toBe(true);
    expect(state.scrolled(96_000)).toBe(true);
  });

  it("stops following when the reader drags away from the bottom, and for a fling after the drag", () => {
    const { state, wait } = followState();
    state.press();
    expect(state.scrolled(300)).toBe(false);
    expect(state.scrolled(BOTTOM_SLACK)).toBe(true);
    state.release();
    wait(GESTURE_AFTERGLOW_MS);
    expect(state.scrolled(900)).toBe(false);
  });

  it("ignores scrolls long after the last drag", () => {
    const { state, wait } = followState();
    state.press();
    state.release();
    wait(GESTURE_AFTERGLOW_MS + 1);
    expect(state.scrolled(900)).toBe(true);
  });

  it("follows again once the bottom is reached, however", () => {
    const { state } = followState();
    state.set(false);
    expect(state.scrolled(BOTTOM_SLACK + 1)).toBe(false);
    expect(state.scrolled(0)).toBe(true);
  });

  it("counts the scrolling just after a wheel turn or a key as the reader's", () => {
    const { state, wait } = followState();
    state.nudge();
    wait(200);
    expect(state.scrolled(400)).toBe(false);
    expect(state.scrolled(0)).toBe(true);
    wait(GESTURE_AFTERGLOW_MS);
    expect(state.scrolled(400)).toBe(true);
  });

  it("a release without a press changes nothing", () => {
    const { state } = followState();
    state.release();
    expect(state.scrolled(500)).toBe(true);
  });
});
