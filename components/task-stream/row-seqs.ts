import type { StoredLine } from "@/lib/shared/protocol/ui";
import { itemHasCategory, type EntryCategory } from "@/lib/shared/stream/entry-categories";
import type { StreamEntry } from "@/lib/shared/stream/entry";
import { MAX_NESTING, type StreamItem } from "@/lib/shared/stream/tool-results";
import type { StreamRow } from "./stream-rows";

/**
 * Rows of the task view and the output lines (seqs) they show: for links to an entry (`#seq-<n>`), jumps to a search
 * hit, per-entry actions and the Messages / Tools / Errors filters.
 */

/** The address of a line's entries on the page (`/tasks/<id>#seq-<n>`), and the id of the element that holds them. */
export const seqAnchor = (seq: number) => `seq-${seq}`;

/** The seq a `#seq-<n>` address names, or null. */
export function seqOfHash(hash: string): number | null {
  const match = /^#seq-(\d{1,10})$/.exec(hash);
  const seq = match ? Number(match[1]) : NaN;
  return Number.isSafeInteger(seq) && seq > 0 ? seq : null;
}

/** The entry a row is drawn for: its entry, or its tool call. */
function primaryEntry(item: StreamItem): StreamEntry {
  return item.kind === "tool" ? item.use : item.entry;
}

/**
 * The anchor ids an item carries: its line's, when it is the line's first entry (a line's entries are drawn one
 * after another, so the first stands for the line), and for a tool call its result's line's when the result is
 * that line's first entry.
 */
export function itemAnchors(item: StreamItem): { own?: string; result?: string } {
  const entry = primaryEntry(item);
  const own = entry.index === 0 ? seqAnchor(entry.seq) : undefined;
  const result =
    item.kind === "tool" && item.result && item.result.index === 0 && item.result.seq !== entry.seq
      ? seqAnchor(item.result.seq)
      : undefined;
  return { own, result };
}

/** Whether the item shows an entry of line `seq`: itself, its result, or what its subagent did. */
export function itemShowsSeq(item: StreamItem, seq: number, depth = 0): boolean {
  if (primaryEntry(item).seq === seq) return true;
  if (item.kind !== "tool") return false;
  if (item.result?.seq === seq) return true;
  return depth < MAX_NESTING && item.children.some((child) => itemShowsSeq(child, seq, depth + 1));
}

/**
 * The index of the row that shows line `seq`; when none does (a line with nothing shown, or filtered out), the first
 * row after it; -1 when there is none.
 */
export function rowIndexOfSeq(rows: readonly StreamRow[], seq: number): number {
  let after = -1;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row.kind === "moved") continue;
    if (itemShowsSeq(row, seq)) return i;
    if (after < 0 && primaryEntry(row).seq > seq) after = i;
  }
  return after;
}

/** The lines a row's "Copy raw JSON" copies: its own line, and for a tool call its result's line (when another). */
export function rowSeqs(item: StreamItem): { own: number; result: number | null } {
  const own = primaryEntry(item).seq;
  const result = item.kind === "tool" && item.result && item.result.seq !== own ? item.result.seq : null;
  return { own, result };
}

/** A line held, by seq (`lines` in seq order, as a `TaskLineBuffer` holds them); binary search. */
export function lineOfSeq(lines: readonly StoredLine[], seq: number): StoredLine | undefined {
  let low = 0;
  let high = lines.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const found = lines[middle].seq;
    if (found === seq) return lines[middle];
    if (found < seq) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
}

/** The rows that show something of one of `shown` (all of them, placeholders included, when it is empty). */
export function filterRows(rows: readonly StreamRow[], shown: ReadonlySet<EntryCategory>): readonly StreamRow[] {
  if (shown.size === 0) return rows;
  return rows.filter((row) => row.kind !== "moved" && itemHasCategory(row, shown));
}
