import { z } from "zod";

/**
 * Autonomous-loop events. The daemon writes each into the task's output as one line on the `system`
 * stream, JSON with its `type` as the line's jsonType, numbered by seq like any other line, so the task
 * view shows them in place and a reload replays them.
 */
export const LoopIterationEvent = z.object({
  type: z.literal("loop.iteration"),
  n: z.number().int().positive(),
  max: z.number().int().positive(),
});

export const LoopGateEvent = z.object({
  type: z.literal("loop.gate"),
  iteration: z.number().int().positive(),
  ready: z.boolean(),
  reason: z.string().nullable(),
  progress: z.string().nullable(),
  blockers: z.array(z.string()),
});

export const LoopBreakerEvent = z.object({
  type: z.literal("loop.breaker"),
  reason: z.string(),
  iteration: z.number().int().positive(),
});

export const LoopDoneEvent = z.object({
  type: z.literal("loop.done"),
  iterations: z.number().int().nonnegative(),
  reason: z.string(),
});

export const LoopEvent = z.discriminatedUnion("type", [
  LoopIterationEvent,
  LoopGateEvent,
  LoopBreakerEvent,
  LoopDoneEvent,
]);
export type LoopEvent = z.infer<typeof LoopEvent>;
