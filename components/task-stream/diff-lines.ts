import { diffLines } from "diff";

/**
 * The lines of an edit's diff, for the Edit, MultiEdit and Write views: what `old_string` became in `new_string`
 * (the `diff` package's line diff), or all of a written file as added lines. Bounded: texts past `MAX_DIFF_CHARS`, or
 * so different that the diff would cost more than `MAX_EDIT_LENGTH` steps, are shown as all removed then all added;
 * runs of unchanged lines keep `CONTEXT` lines each side; at most `MAX_LINES` lines are made.
 */

export type DiffLine = { kind: "add" | "del" | "same"; text: string } | { kind: "skip"; count: number };

export interface LineDiff {
  lines: DiffLine[];
  added: number;
  removed: number;
  /** False when the texts were too big or too different to diff: `lines` removes one and adds the other. */
  exact: boolean;
}

export const MAX_DIFF_CHARS = 200_000;
export const MAX_EDIT_LENGTH = 1_000;
export const MAX_LINES = 5_000;
export const CONTEXT = 3;

export function lineDiff(before: string, after: string): LineDiff {
  const changes =
    before.length <= MAX_DIFF_CHARS && after.length <= MAX_DIFF_CHARS
      ? diffLines(before, after, { maxEditLength: MAX_EDIT_LENGTH })
      : undefined;
  const builder = new Lines();
  if (!changes) {
    for (const text of splitLines(before)) builder.push("del", text);
    for (const text of splitLines(after)) builder.push("add", text);
    return builder.done(false);
  }
  changes.forEach((change, i) => {
    const kind = change.added ? "add" : change.removed ? "del" : "same";
    const lines = splitLines(change.value);
    if (kind !== "same") {
      for (const text of lines) builder.push(kind, text);
      return;
    }
    const [first, last] = [i === 0, i === changes.length - 1];
    const head = first ? 0 : CONTEXT;
    const tail = last ? 0 : CONTEXT;
    if (lines.length <= head + tail + 1) {
      for (const text of lines) builder.push("same", text);
      return;
    }
    for (const text of lines.slice(0, head)) builder.push("same", text);
    builder.skip(lines.length - head - tail);
    for (const text of lines.slice(lines.length - tail)) builder.push("same", text);
  });
  return builder.done(true);
}

/** A new file's content: every line added. */
export function addedLines(content: string): LineDiff {
  const builder = new Lines();
  for (const text of splitLines(content)) builder.push("add", text);
  return builder.done(true);
}

class Lines {
  private readonly lines: DiffLine[] = [];
  private added = 0;
  private removed = 0;
  private dropped = 0;

  push(kind: "add" | "del" | "same", text: string): void {
    if (kind === "add") this.added++;
    if (kind === "del") this.removed++;
    if (this.lines.length < MAX_LINES) this.lines.push({ kind, text });
    else this.dropped++;
  }

  skip(count: number): void {
    if (this.lines.length < MAX_LINES) this.lines.push({ kind: "skip", count });
    else this.dropped += count;
  }

  done(exact: boolean): LineDiff {
    if (this.dropped > 0) this.lines.push({ kind: "skip", count: this.dropped });
    return { lines: this.lines, added: this.added, removed: this.removed, exact };
  }
}

/** Lines without their ending; a final newline does not make an empty last line. */
function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}
