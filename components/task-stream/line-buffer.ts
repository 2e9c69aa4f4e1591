import type { StoredLine } from "@/lib/shared/protocol/ui";

/** The seqs a history page answers for, both ends included: every stored line between them is in the page. */
export interface SeqRange {
  from: number;
  to: number;
}

/**
 * The part of a task's output the browser holds, keyed by seq. History pages and live events may overlap or arrive
 * out of order; the buffer keeps one copy of each seq, in seq order.
 *
 * It knows a window of seqs, [`lowestSeq`, `lastContiguousSeq`], in which it holds every stored line: the first page
 * placed (a task view asks for the newest page first) sets it, and it only grows at its ends, by older pages below
 * and by newer pages and live lines above. Lines above it (live lines past a gap) are held as well, until the lines
 * between arrive. `lastContiguousSeq` is where to resume after a reconnect; `lowestSeq` where the page above ends.
 * Until a page places it, the window is taken to start at seq 1, where every task's output starts.
 */
export class TaskLineBuffer<T extends { seq: number } = StoredLine> {
  private readonly bySeq = new Map<number, T>();
  private ordered: T[] = [];
  /** The window [low, high]; empty while high < low. */
  private low = 1;
  private high = 0;
  private placed = false;
  private changes = 0;
  /** The highest seq ever added, kept across `clear`: how far the output is known to go. */
  private highestSeen = 0;

  /**
   * Adds the lines not held yet (by seq) and returns those it added. Seqs are integers from 1. `covers`: the range
   * the lines are all the stored lines of (a history page's), which joins the window when it touches it.
   */
  add(lines: readonly T[], covers?: SeqRange): T[] {
    const added: T[] = [];
    let ascending = true;
    for (const line of lines) {
      const seq = line?.seq;
      if (!Number.isInteger(seq) || seq < 1 || this.bySeq.has(seq)) continue;
      if (added.length > 0 && seq < added[added.length - 1].seq) ascending = false;
      this.bySeq.set(seq, line);
      added.push(line);
    }
    if (added.length > 0) {
      this.insert(added, ascending);
      this.highestSeen = Math.max(this.highestSeen, this.ordered[this.ordered.length - 1].seq);
    }
    const [low, high, placed] = [this.low, this.high, this.placed];
    if (covers) this.cover(covers);
    while (this.bySeq.has(this.high + 1)) this.high++;
    if (added.length > 0 || low !== this.low || high !== this.high || placed !== this.placed) this.changes++;
    return added;
  }

  /**
   * Lets go of every line and the window, to be placed again by the next page: a view moving to a part of the output
   * far from what it holds starts over there rather than loading everything between.
   */
  clear(): void {
    this.bySeq.clear();
    this.ordered = [];
    [this.low, this.high, this.placed] = [1, 0, false];
    this.changes++;
  }

  /** New lines go on the end or the start where they belong there (the usual case), else everything is sorted. */
  private insert(added: T[], ascending: boolean): void {
    const { ordered } = this;
    if (!ascending) added.sort((a, b) => a.seq - b.seq);
    if (ordered.length === 0 || added[0].seq > ordered[ordered.length - 1].seq) {
      for (const line of added) ordered.push(line);
    } else if (added[added.length - 1].seq < ordered[0].seq) {
      this.ordered = added.concat(ordered);
    } else {
      for (const line of added) ordered.push(line);
      ordered.sort((a, b) => a.seq - b.seq);
    }
  }

  private cover({ from, to }: SeqRange): void {
    from = Math.max(1, from);
    if (!Number.isInteger(from) || !Number.isInteger(to) || to < from - 1) return;
    if (!this.hasWindow) {
      // The first page places the window wherever it is (the newest page of a long output starts far above 1).
      [this.low, this.high, this.placed] = [from, to, true];
      return;
    }
    this.placed = true;
    // A range apart from the window leaves it as it is: the lines between are asked for, and then it joins.
    if (from > this.high + 1 || to < this.low - 1) return;
    this.low = Math.min(this.low, from);
    this.high = Math.max(this.high, to);
  }

  /** A page has placed the window, or lines from seq 1 on are held: `lowestSeq` and `lastContiguousSeq` hold. */
  get hasWindow(): boolean {
    return this.placed || this.high >= this.low;
  }

  /** The first seq of the window (0 before there is one): the page above it is the one before this seq. */
  get lowestSeq(): number {
    return this.hasWindow ? this.low : 0;
  }

  /** The window reaches back to seq 1: the output's beginning is held. */
  get reachedStart(): boolean {
    return this.hasWindow && this.low <= 1;
  }

  /** The highest seq with every seq of the window below it held (0 when seq 1 is missing and no page came). */
  get lastContiguousSeq(): number {
    return this.high;
  }

  /** The highest seq held (0 when empty). */
  get maxSeq(): number {
    return this.ordered.length ? this.ordered[this.ordered.length - 1].seq : 0;
  }

  /** The highest seq ever held, also before a `clear` (0 when none): how many lines the output is known to have. */
  get highestSeenSeq(): number {
    return this.highestSeen;
  }

  /** Some line is held above `lastContiguousSeq + 1`: lines between are missing. */
  get hasGap(): boolean {
    return this.maxSeq > this.high;
  }

  get size(): number {
    return this.ordered.length;
  }

  /** Bumped on every change (of the lines or the window), so views can memoise on it. */
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
