import type { StoredLine } from "@/lib/shared/protocol/ui";
import type { StreamEntry } from "@/lib/shared/stream/entry";
import { normalizeLine } from "@/lib/shared/stream/normalize";
import { StreamItemBuilder, type StreamItem } from "@/lib/shared/stream/tool-results";

/**
 * The empty place a row leaves when an older page moves it under its call (a tool result, or a subagent's entry,
 * whose call was not loaded yet): the rows around it keep their places and keys, so what the reader sees holds.
 */
export type MovedRow = { kind: "moved"; key: string };

/** A row of the task view: a `StreamItem` (an entry, or a tool call with its result and what its subagent did). */
export type StreamRow = StreamItem | MovedRow;

/** Each line's entries, normalised once per line object: entries keep their identity, so memoised views skip re-rendering. */
const normalizedLines = new WeakMap<StoredLine, StreamEntry[]>();

function entriesOf(line: StoredLine): StreamEntry[] {
  let entries = normalizedLines.get(line);
  if (!entries) {
    entries = normalizeLine(line);
    normalizedLines.set(line, entries);
  }
  return entries;
}

/**
 * The rows for the lines a task view holds, as `pairToolResults` makes them, kept up to date in time proportional to
 * what changed: lines added at the end (live output, the hot path) go through a `StreamItemBuilder`, which appends
 * rows and replaces those they change; lines added anywhere else (an older page, a gap filled) make the rows again.
 * Then a row that was there and is now under its call leaves a `MovedRow` in its place.
 */
export class StreamRows {
  private builder = new StreamItemBuilder<MovedRow>();
  private first: StoredLine | undefined;
  private last: StoredLine | undefined;
  private count = 0;

  /**
   * Brings the rows up to date with `lines` (in seq order, as a `TaskLineBuffer` holds them) and returns them. The
   * array is this object's own and changes in place; it is a new one when the rows were made again.
   */
  update(lines: readonly StoredLine[]): readonly StreamRow[] {
    const count = this.count;
    const appended = count > 0 && lines.length >= count && lines[0] === this.first && lines[count - 1] === this.last;
    if (appended) {
      for (let i = count; i < lines.length; i++) for (const entry of entriesOf(lines[i])) this.builder.push(entry);
    } else {
      this.remake(lines);
    }
    this.count = lines.length;
    this.first = lines[0];
    this.last = lines[lines.length - 1];
    return this.builder.rows;
  }

  private remake(lines: readonly StoredLine[]): void {
    const shown = new Set<string>();
    for (const row of this.builder.rows) shown.add(row.key);
    const builder = new StreamItemBuilder<MovedRow>();
    for (const line of lines) {
      for (const entry of entriesOf(line)) {
        const key = `${entry.seq}:${entry.index}`;
        if (builder.push(entry) === "placed" && shown.has(key)) builder.rows.push({ kind: "moved", key });
      }
    }
    this.builder = builder;
  }
}
