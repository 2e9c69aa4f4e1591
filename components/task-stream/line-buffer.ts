import type { StoredLine } from "@/lib/shared/protocol/ui";

/**
 * A task's output lines held by the browser, keyed by seq. History pages and live events may overlap or
 * arrive out of order; the buffer keeps one copy of each seq, in seq order, and knows the highest seq
 * below which nothing is missing — where to resume after a reconnect.
 */
export class TaskLineBuffer<T extends { seq: number } = StoredLine> {
  private readonly bySeq = new Map<number, T>();
  private ordered: T[] = [];
  private contiguous = 0;
  private changes = 0;

  /** Adds the lines not held yet (by seq); returns those it added. Seqs are integers from 1. */
  add(lines: readonly T[]): T[] {
    const added: T[] = [];
    let inOrder = true;
    let last = this.maxSeq;
    for (const line of lines) {
      const seq = line?.seq;
      if (!Number.isInteger(seq) || seq < 1 || this.bySeq.has(seq)) continue;
      this.bySeq.set(seq, line);
      added.push(line);
      if (seq < last) inOrder = false;
      last = Math.max(last, seq);
    }
    if (added.length === 0) return added;
    this.ordered.push(...added);
    if (!inOrder) this.ordered.sort((a, b) => a.seq - b.seq);
    while (this.bySeq.has(this.contiguous + 1)) this.contiguous++;
    this.changes++;
    return added;
  }

  /** The highest seq with every seq below it held (0 when seq 1 is missing). */
  get lastContiguousSeq(): number {
    return this.contiguous;
  }

  /** The highest seq held (0 when empty). */
  get maxSeq(): number {
    return this.ordered.length ? this.ordered[this.ordered.length - 1].seq : 0;
  }

  /** Some line arrived above `lastContiguousSeq + 1`: lines between are missing. */
  get hasGap(): boolean {
    return this.maxSeq > this.contiguous;
  }

  get size(): number {
    return this.ordered.length;
  }

  /** Bumped on every change, so views can memoise on it. */
  get version(): number {
    return this.changes;
  }

  has(seq: number): boolean {
    return this.bySeq.has(seq);
  }

  /** The lines in seq order. The array is the buffer's own: read it, don't keep it across changes. */
  lines(): readonly T[] {
    return this.ordered;
  }
}
