import { describe, expect, it } from "vitest";
import { TaskLineBuffer } from "./line-buffer";

const line = (seq: number, text = `line ${seq}`) => ({
  seq,
  stream: "stdout" as const,
  line: text,
  jsonType: null,
  createdAt: "2026-01-01T00:00:00.000Z",
});
const seqs = (buffer: TaskLineBuffer) => buffer.lines().map((l) => l.seq);

describe("TaskLineBuffer", () => {
  it("starts empty, with no gap", () => {
    const buffer = new TaskLineBuffer();
    expect([buffer.size, buffer.lastContiguousSeq, buffer.maxSeq, buffer.hasGap]).toEqual([0, 0, 0, false]);
  });

  it("holds lines in seq order and tracks contiguity", () => {
    const buffer = new TaskLineBuffer();
    expect(buffer.add([line(1), line(2), line(3)])).toHaveLength(3);
    expect(seqs(buffer)).toEqual([1, 2, 3]);
    expect([buffer.lastContiguousSeq, buffer.hasGap]).toEqual([3, false]);
  });

  it("ignores seqs it already holds, keeping the first copy", () => {
    const buffer = new TaskLineBuffer();
    buffer.add([line(1), line(2)]);
    const added = buffer.add([line(2, "again"), line(3), line(3, "twice in one batch")]);
    expect(added.map((l) => l.seq)).toEqual([3]);
    expect(buffer.lines().map((l) => l.line)).toEqual(["line 1", "line 2", "line 3"]);
  });

  it("does not change its version when nothing is new", () => {
    const buffer = new TaskLineBuffer();
    buffer.add([line(1)]);
    const version = buffer.version;
    buffer.add([line(1)]);
    buffer.add([]);
    expect(buffer.version).toBe(version);
    buffer.add([line(2)]);
    expect(buffer.version).toBe(version + 1);
  });

  it("reports a gap when a line arrives above lastContiguousSeq + 1, and closes it", () => {
    const buffer = new TaskLineBuffer();
    buffer.add([line(1), line(2)]);
    buffer.add([line(5), line(6)]);
    expect([buffer.lastContiguousSeq, buffer.maxSeq, buffer.hasGap]).toEqual([2, 6, true]);
    buffer.add([line(3)]);
    expect([buffer.lastContiguousSeq, buffer.hasGap]).toEqual([3, true]);
    buffer.add([line(4)]);
    expect([buffer.lastContiguousSeq, buffer.hasGap]).toEqual([6, false]);
    expect(seqs(buffer)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("sorts lines that arrive out of order (live lines before the history reply)", () => {
    const buffer = new TaskLineBuffer();
    buffer.add([line(2001), line(2002)]);
    expect([buffer.lastContiguousSeq, buffer.hasGap]).toEqual([0, true]);
    buffer.add(Array.from({ length: 2001 }, (_, i) => line(i + 1)));
    expect(buffer.size).toBe(2002);
    expect(seqs(buffer).slice(-4)).toEqual([1999, 2000, 2001, 2002]);
    expect([buffer.lastContiguousSeq, buffer.hasGap]).toEqual([2002, false]);
  });

  it("sorts within one batch", () => {
    const buffer = new TaskLineBuffer();
    buffer.add([line(3), line(1), line(2)]);
    expect(seqs(buffer)).toEqual([1, 2, 3]);
    expect(buffer.lastContiguousSeq).toBe(3);
  });

  it("ignores invalid seqs", () => {
    const buffer = new TaskLineBuffer();
    buffer.add([line(0), line(-1), line(1.5), line(Number.NaN), null as never]);
    expect(buffer.size).toBe(0);
  });

  it("resumes after a reconnect without duplicates (overlapping history page)", () => {
    const buffer = new TaskLineBuffer();
    buffer.add([line(1), line(2), line(3)]);
    // reconnect: history after 3 comes back, overlapping with live lines already received
    buffer.add([line(5)]);
    buffer.add([line(4), line(5), line(6)]);
    expect(seqs(buffer)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(buffer.has(4)).toBe(true);
  });

  describe("its window, for a view that opens on the newest page", () => {
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => line(from + i));

    it("is placed by the first page, however far above seq 1", () => {
      const buffer = new TaskLineBuffer();
      expect([buffer.hasWindow, buffer.lowestSeq]).toEqual([false, 0]);
      buffer.add(range(9501, 10_000), { from: 9501, to: 10_000 });
      expect([buffer.hasWindow, buffer.lowestSeq, buffer.lastContiguousSeq]).toEqual([true, 9501, 10_000]);
      expect([buffer.reachedStart, buffer.hasGap]).toEqual([false, false]);
    });

    it("grows downwards by older pages, in order, until the start", () => {
      const buffer = new TaskLineBuffer();
      buffer.add(range(4001, 5000), { from: 4001, to: 5000 });
      buffer.add(range(2001, 4000), { from: 2001, to: 4000 });
      expect([buffer.lowestSeq, buffer.reachedStart]).toEqual([2001, false]);
      buffer.add(range(1, 2000), { from: 1, to: 2000 });
      expect(seqs(buffer)).toEqual(range(1, 5000).map((l) => l.seq));
      expect([buffer.lowestSeq, buffer.reachedStart, buffer.lastContiguousSeq]).toEqual([1, true, 5000]);
    });

    it("takes in live lines that came before the first page", () => {
      const buffer = new TaskLineBuffer();
      buffer.add([line(5001), line(5002)]);
      expect(buffer.hasWindow).toBe(false);
      buffer.add(range(4501, 5001), { from: 4501, to: 5001 });
      expect([buffer.lowestSeq, buffer.lastContiguousSeq, buffer.hasGap]).toEqual([4501, 5002, false]);
    });

    it("keeps its place when a page lies apart from it, and closes the gap once the lines between come", () => {
      const buffer = new TaskLineBuffer();
      buffer.add(range(1, 3), { from: 1, to: 3 });
      buffer.add(range(10, 12), { from: 10, to: 12 });
      expect([buffer.lowestSeq, buffer.lastContiguousSeq, buffer.hasGap]).toEqual([1, 3, true]);
      buffer.add(range(4, 9), { from: 4, to: 9 });
      expect([buffer.lastContiguousSeq, buffer.hasGap]).toEqual([12, false]);
    });

    it("reaches the start with a page that holds no line (stored seqs need not start at 1), and says it changed", () => {
      const buffer = new TaskLineBuffer();
      buffer.add(range(101, 200), { from: 101, to: 200 });
      const version = buffer.version;
      buffer.add([], { from: 1, to: 100 });
      expect([buffer.reachedStart, buffer.lowestSeq]).toEqual([true, 1]);
      expect(buffer.version).toBe(version + 1);
      buffer.add([], { from: 1, to: 100 });
      expect(buffer.version).toBe(version + 1);
    });

    it("of an empty task is placed at the start, and live lines grow it", () => {
      const buffer = new TaskLineBuffer();
      buffer.add([], { from: 1, to: 0 });
      expect([buffer.hasWindow, buffer.reachedStart, buffer.lastContiguousSeq]).toEqual([true, true, 0]);
      buffer.add([line(1), line(2)]);
      expect([buffer.lastContiguousSeq, buffer.hasGap]).toEqual([2, false]);
    });
  });

  it("stays fast with 10,000 lines added one by one", () => {
    const buffer = new TaskLineBuffer();
    const start = performance.now();
    for (let seq = 1; seq <= 10_000; seq++) buffer.add([line(seq)]);
    expect(buffer.lastContiguousSeq).toBe(10_000);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
