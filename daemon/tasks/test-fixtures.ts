import type { StreamEntryOf } from "../../lib/shared/stream/entry";
import type { ClaudeRunResult } from "./claude-run";

/** A `result` line as the line pipeline reads it: a success unless overridden. */
export const claudeResult = (overrides: Partial<StreamEntryOf<"result">> = {}): StreamEntryOf<"result"> => ({
  kind: "result",
  seq: 1,
  index: 0,
  subtype: "success",
  isError: false,
  text: "ok",
  numTurns: 1,
  durationMs: 10,
  costUsd: 0.1,
  usage: null,
  ...overrides,
});

/** A claude run that exited 0 after a successful result, in session s-1, unless overridden. */
export const claudeRun = (overrides: Partial<ClaudeRunResult> = {}): ClaudeRunResult => ({
  exit: { exitCode: 0, signal: null },
  result: claudeResult(),
  sessionId: "s-1",
  printedAnything: true,
  lastStderrLine: null,
  usageLimit: null,
  apiFailure: null,
  idleStopped: null,
  ...overrides,
});
