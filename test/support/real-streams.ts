import { readFileSync } from "node:fs";
import { normalizeLines } from "../../lib/shared/stream/normalize";

/**
 * The recorded transcripts of the real CLI copied into the project (test/fixtures/claude/real-streams/SOURCES.md says
 * where each is from), for the stream normaliser's and the task view's tests.
 */
export const REAL_STREAMS = [
  "claude-clean_v2.0.25_build-go-parser",
  "claude-clean_v2.0.25_diagnostic-subagents",
  "terragon_v1.0.x_edit",
  "terragon_v1.0.x_multiedit",
] as const;
export type RealStream = (typeof REAL_STREAMS)[number];

/** A transcript's lines. */
export function realStream(name: RealStream): string[] {
  return readFileSync(new URL(`../fixtures/claude/real-streams/${name}.jsonl`, import.meta.url), "utf8")
    .split("\n")
    .filter(Boolean);
}

/** Lines (stdout, numbered from 1) → their entries. */
export const entriesOf = (lines: readonly string[]) =>
  normalizeLines(lines.map((line, i) => ({ seq: i + 1, stream: "stdout" as const, line })));
