import type { OutputLine } from "../protocol/daemon";
import { LoopEvent } from "../protocol/loop-events";
import { claudeEntries, unknownEntry } from "./claude-lines";
import type { EntryBody, StreamEntry, SystemLevel } from "./entry";
import { parseJsonObject, type JsonObject } from "./json-type";

export type NormalizeInput = Pick<OutputLine, "seq" | "stream" | "line">;

/** The marker the daemon appends to a line it cut short: `… [line truncated: <details>]`. */
const TRUNCATION_MARKER = /\u2026 \[line truncated:[^\]]*\]\s*$/;

/**
 * One stored output line → its entries (an assistant message gives one per content block). Never throws
 * and never returns an empty list: whatever cannot be understood is kept as a `raw` or `unknown` entry.
 */
export function normalizeLine(input: NormalizeInput): StreamEntry[] {
  return positioned(input, (text) => entriesFor(input?.stream, text));
}

/**
 * `normalizeLine` for a stdout line the caller has already parsed (`message` is `parseJsonObject(line)`): the
 * daemon parses each line of claude's once and reads its entries from that.
 */
export function normalizeParsedStdoutLine(
  input: Pick<NormalizeInput, "seq" | "line">,
  message: JsonObject | null,
): StreamEntry[] {
  return positioned(input, (text) => stdoutEntries(text, message));
}

/** Normalises many lines, in the order given. */
export function normalizeLines(lines: readonly NormalizeInput[]): StreamEntry[] {
  return lines.flatMap((line) => normalizeLine(line));
}

/** The line's entry bodies with its seq and their index; never throws, never empty. */
function positioned(
  input: Pick<NormalizeInput, "seq" | "line">,
  bodiesOf: (text: string) => EntryBody[],
): StreamEntry[] {
  const seq = typeof input?.seq === "number" ? input.seq : 0;
  const text = typeof input?.line === "string" ? input.line : String(input?.line ?? "");
  let bodies: EntryBody[];
  try {
    bodies = bodiesOf(text);
  } catch {
    bodies = [];
  }
  if (bodies.length === 0) bodies = [rawEntry(text)];
  return bodies.map((body, index) => ({ ...body, seq, index }) as StreamEntry);
}

function entriesFor(stream: unknown, text: string): EntryBody[] {
  if (stream === "stderr") return [{ kind: "stderr", text }];
  if (stream === "system") return [loopEntry(text) ?? { kind: "system", text, level: systemLevel(text) }];
  return stdoutEntries(text, parseJsonObject(text));
}

function stdoutEntries(text: string, message: JsonObject | null): EntryBody[] {
  if (!message) return [rawEntry(text)];
  const bodies = claudeEntries(message);
  // A message with nothing in it (e.g. empty content) still shows, as its JSON.
  return bodies.length > 0 ? bodies : [unknownEntry(message)];
}

/** A system-stream line holding a valid loop event → its entry; anything else → null (a plain notice). */
function loopEntry(text: string): EntryBody | null {
  const json = parseJsonObject(text);
  if (!json) return null;
  const parsed = LoopEvent.safeParse(json);
  if (!parsed.success) return null;
  const event = parsed.data;
  switch (event.type) {
    case "loop.iteration":
      return { kind: "loopIteration", n: event.n, max: event.max };
    case "loop.gate":
      return {
        kind: "loopGate",
        iteration: event.iteration,
        ready: event.ready,
        reason: event.reason,
        progress: event.progress,
        blockers: event.blockers,
      };
    case "loop.breaker":
      return { kind: "loopBreaker", reason: event.reason, iteration: event.iteration };
    case "loop.done":
      return { kind: "loopDone", iterations: event.iterations, reason: event.reason };
  }
}

function rawEntry(text: string): EntryBody {
  return { kind: "raw", text, truncated: TRUNCATION_MARKER.test(text) };
}

/** Daemon notices say how serious they are with a leading "Warning:" or "Error:". */
export function systemLevel(text: string): SystemLevel {
  const start = text.trimStart().slice(0, 16).toLowerCase();
  if (start.startsWith("error:") || start.startsWith("fatal:")) return "error";
  if (start.startsWith("warning:") || start.startsWith("warn:")) return "warning";
  return "info";
}
