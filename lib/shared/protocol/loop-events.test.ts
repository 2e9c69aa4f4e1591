import { describe, expect, it } from "vitest";
import { LoopEvent } from "./loop-events";

describe("LoopEvent", () => {
  it.each([
    { type: "loop.iteration", n: 3, max: 10 },
    {
      type: "loop.gate",
      iteration: 2,
      ready: false,
      reason: "tests fail",
      progress: null,
      blockers: ["npm test fails"],
    },
    { type: "loop.breaker", reason: "No progress for 3 iterations in a row", iteration: 4 },
    { type: "loop.done", iterations: 3, reason: "All tests pass" },
  ])("accepts $type", (event) => {
    expect(LoopEvent.parse(event)).toEqual(event);
  });

  it.each([
    { type: "loop.iteration", n: 0, max: 10 },
    { type: "loop.gate", iteration: 1, ready: "yes", reason: null, progress: null, blockers: [] },
    { type: "loop.party" },
  ])("rejects %j", (event) => {
    expect(LoopEvent.safeParse(event).success).toBe(false);
  });
});
