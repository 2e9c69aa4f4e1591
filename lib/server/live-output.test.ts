import { describe, expect, it } from "vitest";
import type { OutputLine } from "../shared/protocol/daemon";
import type { StoredLine, TaskHistoryPage } from "../shared/protocol/ui";
import { LiveOutput, OutputGapError } from "./live-output";
import { TaskGoneError, type OutputStore } from "./output-store";

/** A store whose appends wait until the test lets them commit, or fail them. */
class FakeStore implements OutputStore {
  rows = new Map<string, Map<number, StoredLine>>();
  appends: Array<{ taskId: string; seqs: number[]; commit: () => void; fail: (error: Error) => void }> = [];
  /** Appends commit at once unless held. */
  hold = false;
  highestReads = 0;

  append(taskId: string, lines: readonly StoredLine[]): Promise<number> {
    return new Promise((resolve, reject) => {
      const commit = () => {
        const rows = this.rows.get(taskId) ?? new Map<number, StoredLine>();
        this.rows.set(taskId, rows);
        let highest = this.highest(taskId);
        for (const line of lines) {
          if (line.seq <= highest) continue;
          rows.set(line.seq, line);
          highest = line.seq;
        }
        resolve(highest);
      };
      this.appends.push({ taskId, seqs: lines.map((line) => line.seq), commit, fail: reject });
      if (!this.hold) commit();
    });
  }

  async highestStoredSeq(taskId: string): Promise<number> {
    this.highestReads++;
    return this.highest(taskId);
  }

  async history(taskId: string, afterSeq: number, limit: number): Promise<TaskHistoryPage> {
    const lines = [...(this.rows.get(taskId)?.values() ?? [])].filter((line) => line.seq > afterSeq);
    lines.sort((a, b) => a.seq - b.seq);
    return { lines: lines.slice(0, limit), hasMore: lines.length > limit };
  }

  async close(): Promise<void> {}

  stored(taskId: string): number[] {
    return [...(this.rows.get(taskId)?.keys() ?? [])].sort((a, b) => a - b);
  }

  private highest(taskId: string): number {
    return Math.max(0, ...(this.rows.get(taskId)?.keys() ?? []));
  }
}

function setup() {
  const store = new FakeStore();
  const published: Array<[string, number[]]> = [];
  const output = new LiveOutput(store, (taskId, lines) => published.push([taskId, lines.map((line) => line.seq)]));
  return { store, published, output };
}

const lines = (...seqs: number[]): OutputLine[] =>
  seqs.map((seq) => ({ seq, stream: "stdout", line: `line ${seq}`, jsonType: null }));

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Whether the promise has settled yet, without waiting for it. */
async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await settle();
  return settled;
}

describe("LiveOutput", () => {
  it("publishes a batch before it is stored, and acks it once the store has committed it", async () => {
    const { store, published, output } = setup();
    await output.receive("a", lines(1)); // the task's state is read once, on its first batch
    store.hold = true;
    const ack = output.receive("a", lines(2, 3));
    // Published within the call: nothing waited for the store.
    expect(published).toEqual([
      ["a", [1]],
      ["a", [2, 3]],
    ]);
    expect(await isSettled(ack)).toBe(false);
    expect(store.stored("a")).toEqual([1]);
    store.appends[1].commit();
    expect(await ack).toBe(3);
    expect(store.stored("a")).toEqual([1, 2, 3]);
  });

  it("publishes each seq once and in order, whatever overlaps; stores by what is stored", async () => {
    const { store, published, output } = setup();
    expect(await output.receive("a", lines(1, 2))).toBe(2);
    expect(await output.receive("a", lines(1, 2, 3))).toBe(3); // a replay after a reconnect, and one more line
    expect(await output.receive("a", lines(3, 2))).toBe(3); // out of order and nothing new
    expect(await output.receive("b", lines(1))).toBe(1);
    expect(published).toEqual([
      ["a", [1, 2]],
      ["a", [3]],
      ["b", [1]],
    ]);
    expect(store.stored("a")).toEqual([1, 2, 3]);
    // The replay of stored lines cost no write.
    expect(store.appends.map((append) => append.seqs)).toEqual([[1, 2], [3], [1]]);
  });

  it("writes one append per task at a time; what arrives meanwhile goes as the next one", async () => {
    const { store, output } = setup();
    await output.receive("a", lines(1));
    store.hold = true;
    const acks = [output.receive("a", lines(2)), output.receive("a", lines(3)), output.receive("a", lines(4, 5))];
    expect(store.appends.map((append) => append.seqs)).toEqual([[1], [2]]);
    store.appends[1].commit();
    await settle();
    expect(store.appends.map((append) => append.seqs)).toEqual([[1], [2], [3, 4, 5]]);
    store.appends[2].commit();
    expect(await Promise.all(acks)).toEqual([2, 5, 5]);
  });

  it("does not publish again the replay of a failed write, and stores it", async () => {
    const { store, published, output } = setup();
    await output.receive("a", lines(1));
    store.hold = true;
    const failed = output.receive("a", lines(2, 3));
    store.appends[1].fail(new Error("disk I/O error"));
    await expect(failed).rejects.toThrow("disk I/O error");
    store.hold = false;
    expect(await output.receive("a", lines(2, 3, 4))).toBe(4);
    expect(published).toEqual([
      ["a", [1]],
      ["a", [2, 3]],
      ["a", [4]],
    ]);
    expect(store.stored("a")).toEqual([1, 2, 3, 4]);
  });

  it("after a failed write, refuses the batches past the gap until its replay comes", async () => {
    const { store, published, output } = setup();
    await output.receive("a", lines(1));
    store.hold = true;
    // Sent one after another without waiting for acks: 2-3 is being written when 4-5 and 6 arrive.
    const first = output.receive("a", lines(2, 3));
    const second = output.receive("a", lines(4, 5));
    const third = output.receive("a", lines(6));
    store.appends[1].fail(new Error("disk I/O error"));
    await expect(first).rejects.toThrow("disk I/O error");
    // Storing 4-6 now would leave 2-3 out for good: the store drops a replay at or below its highest seq.
    await expect(second).rejects.toBeInstanceOf(OutputGapError);
    await expect(third).rejects.toBeInstanceOf(OutputGapError);
    expect(store.appends).toHaveLength(2);
    await expect(output.receive("a", lines(5))).rejects.toBeInstanceOf(OutputGapError);

    // The daemon sends everything not acknowledged again: stored, and not published a second time.
    store.hold = false;
    expect(await output.receive("a", lines(2, 3, 4, 5, 6, 7))).toBe(7);
    expect(store.stored("a")).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(published.map(([, seqs]) => seqs)).toEqual([[1], [2, 3], [4, 5], [6], [7]]);
  });

  it("reads a task's highest stored seq on its first batch; batches arriving meanwhile keep their order", async () => {
    const { store, published, output } = setup();
    await store.append(
      "a",
      [...lines(1, 2, 3)].map((line) => ({ ...line, createdAt: "then" })),
    );
    // The server restarted: the daemon sends again what it had not seen acknowledged, then goes on.
    const acks = [output.receive("a", lines(2, 3, 4)), output.receive("a", lines(5)), output.receive("a", lines(6))];
    expect(published).toEqual([]);
    // 5 and 6 waited for the write of 4, then went together.
    expect(await Promise.all(acks)).toEqual([4, 6, 6]);
    expect(store.highestReads).toBe(1);
    // Stored lines went to browsers with the history they read: only the new ones are published.
    expect(published).toEqual([
      ["a", [4]],
      ["a", [5]],
      ["a", [6]],
    ]);
  });

  it("stamps each batch with one createdAt, published and stored alike", async () => {
    const { store, output } = setup();
    const publishedLines: StoredLine[] = [];
    const stamped = new LiveOutput(store, (_taskId, batch) => publishedLines.push(...batch));
    await stamped.receive("a", lines(1, 2));
    expect(publishedLines.map((line) => line.createdAt)).toEqual([expect.any(String), publishedLines[0].createdAt]);
    expect((await output.history("a", 0, 10)).lines).toEqual(publishedLines);
  });

  it("includes lines published but not yet committed in the last history page", async () => {
    const { store, output } = setup();
    await output.receive("a", lines(1, 2));
    store.hold = true;
    void output.receive("a", lines(3, 4, 5));
    const seqs = (page: TaskHistoryPage) => [page.lines.map((line) => line.seq), page.hasMore];
    expect(seqs(await output.history("a", 0, 10))).toEqual([[1, 2, 3, 4, 5], false]);
    expect(seqs(await output.history("a", 3, 10))).toEqual([[4, 5], false]);
    // Pages still hold `limit` lines at most.
    expect(seqs(await output.history("a", 0, 2))).toEqual([[1, 2], true]);
    expect(seqs(await output.history("a", 2, 2))).toEqual([[3, 4], true]);
    expect(seqs(await output.history("a", 4, 2))).toEqual([[5], false]);
    store.appends[1].commit();
    await settle();
    expect(seqs(await output.history("a", 0, 10))).toEqual([[1, 2, 3, 4, 5], false]);
  });

  it("forgets a deleted task's lines; publishing them did no harm", async () => {
    const { store, output } = setup();
    await output.receive("gone", lines(1));
    store.hold = true;
    const ack = output.receive("gone", lines(2));
    store.appends[1].fail(new TaskGoneError("gone"));
    await expect(ack).rejects.toBeInstanceOf(TaskGoneError);
    expect((await output.history("gone", 0, 10)).lines.map((line) => line.seq)).toEqual([1]);
  });

  it("lets a new run number on from what is stored, and publishes its lines though their seqs were shown before", async () => {
    const { store, published, output } = setup();
    await output.receive("a", lines(1));
    store.hold = true;
    const failed = output.receive("a", lines(2, 3));
    store.appends[1].fail(new Error("disk I/O error"));
    await expect(failed).rejects.toThrow();
    // Its daemon went away with lines 2-3: the next run starts at 2.
    expect(await output.highestStoredSeq("a")).toBe(1);
    store.hold = false;
    expect(await output.receive("a", lines(2))).toBe(2);
    expect(published.map(([, seqs]) => seqs)).toEqual([[1], [2, 3], [2]]);
  });
});
