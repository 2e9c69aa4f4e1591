import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from "vitest";
import { UiEvent, type StoredLine, type TaskHistoryPage } from "../../lib/shared/protocol/ui";
import { TaskLineBuffer } from "./line-buffer";
import { FakeUiSocket } from "../../test/support/fake-ui-socket";
import { TaskSubscription } from "./task-subscription";

type Ack = (reply: unknown) => void;
type Payload = { taskId: string; afterSeq?: number; tail?: boolean; beforeSeq?: number; limit?: number };

/** A socket that records what is emitted and lets the test play the server. */
class FakeSocket extends FakeUiSocket {
  readonly requests: { payload: Payload; ack: Ack }[] = [];
  readonly unsubscribed: unknown[] = [];

  emit(event: string, payload: unknown, ack?: Ack) {
    if (event === UiEvent.subscribeTask) this.requests.push({ payload: payload as Payload, ack: ack! });
    if (event === UiEvent.unsubscribeTask) this.unsubscribed.push(payload);
  }
  /** Answers the oldest pending history request; returns what it asked (without the task id). */
  answer(page: TaskHistoryPage | unknown): Omit<Payload, "taskId"> {
    const request = this.requests.shift();
    if (!request) throw new Error("no pending request");
    request.ack(page);
    const { taskId: _taskId, ...asked } = request.payload;
    return asked;
  }
}

const line = (seq: number): StoredLine => ({
  seq,
  stream: "stdout",
  line: `l${seq}`,
  jsonType: null,
  createdAt: "2026-01-01T00:00:00.000Z",
});
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => line(from + i));
const page = (from: number, to: number, hasMore = false): TaskHistoryPage => ({
  lines: from > to ? [] : range(from, to),
  hasMore,
});
/** A page read backwards (the tail, or the page before a seq). */
const backPage = (from: number, to: number, hasEarlier: boolean): TaskHistoryPage => ({
  ...page(from, to),
  hasEarlier,
});

const TAIL = { tail: true, limit: 300 };

let socket: FakeSocket;
let buffer: TaskLineBuffer;
let sub: TaskSubscription;
let onLines: Mock<() => void>;
let onError: Mock<(message: string | null) => void>;

beforeEach(() => {
  vi.useFakeTimers();
  socket = new FakeSocket();
  buffer = new TaskLineBuffer();
  onLines = vi.fn();
  onError = vi.fn();
  sub = new TaskSubscription({ socket, taskId: "t1", buffer, onLines, onError, ackTimeoutMs: 1000, retryDelayMs: 100 });
});
afterEach(() => vi.useRealTimers());

const seqs = () => buffer.lines().map((l) => l.seq);

describe("TaskSubscription", () => {
  it("opens on the task's newest page when already connected, and asks nothing more by itself", () => {
    socket.connected = true;
    sub.start();
    expect(socket.answer(backPage(9501, 10_000, true))).toEqual(TAIL);
    expect(socket.requests).toHaveLength(0);
    expect([buffer.lowestSeq, buffer.lastContiguousSeq, buffer.reachedStart]).toEqual([9501, 10_000, false]);
    expect(onLines).toHaveBeenCalledTimes(1);
  });

  it("pages on from the newest page when more came than it holds", () => {
    socket.connect();
    sub.start();
    expect(socket.answer({ ...backPage(501, 1000, true), hasMore: true })).toEqual(TAIL);
    expect(socket.answer(page(1001, 1002))).toEqual({ afterSeq: 1000 });
    expect([buffer.lowestSeq, buffer.lastContiguousSeq, socket.requests.length]).toEqual([501, 1002, 0]);
  });

  it("waits for the connect event when not connected", () => {
    sub.start();
    expect(socket.requests).toHaveLength(0);
    socket.connect();
    expect(socket.answer(backPage(1, 2, false))).toEqual(TAIL);
    expect(buffer.reachedStart).toBe(true);
  });

  it("dedupes live lines that overlap the newest page", () => {
    socket.connect();
    sub.start();
    socket.fire(UiEvent.taskOutput, { taskId: "t1", lines: [line(3), line(4)] });
    expect(socket.requests).toHaveLength(1); // no gap request while history is in flight
    socket.answer(backPage(1, 3, false));
    expect(seqs()).toEqual([1, 2, 3, 4]);
    expect(socket.requests).toHaveLength(0);
  });

  it("ignores other tasks' lines and invalid events", () => {
    socket.connect();
    sub.start();
    socket.answer(backPage(1, 1, false));
    socket.fire(UiEvent.taskOutput, { taskId: "other", lines: [line(2)] });
    socket.fire(UiEvent.taskOutput, { taskId: "t1", lines: "nope" });
    expect(seqs()).toEqual([1]);
  });

  it("asks for the missing lines when a live line shows a gap, once per position", () => {
    socket.connect();
    sub.start();
    socket.answer(backPage(901, 902, true));
    socket.fire(UiEvent.taskOutput, { taskId: "t1", lines: [line(905)] });
    expect(socket.answer(page(903, 905))).toEqual({ afterSeq: 902 });
    expect(seqs()).toEqual([901, 902, 903, 904, 905]);
    // a gap the server cannot fill is asked about once, not in a loop
    socket.fire(UiEvent.taskOutput, { taskId: "t1", lines: [line(908)] });
    expect(socket.answer(page(909, 908))).toEqual({ afterSeq: 905 });
    socket.fire(UiEvent.taskOutput, { taskId: "t1", lines: [line(909)] });
    expect(socket.requests).toHaveLength(0);
  });

  it("resumes after a reconnect from the last contiguous seq, page after page while hasMore, with no duplicates", () => {
    socket.connect();
    sub.start();
    socket.answer(backPage(8001, 8003, true));
    socket.disconnect();
    socket.connect();
    expect(socket.answer(page(8004, 8006, true))).toEqual({ afterSeq: 8003 });
    expect(socket.answer(page(8006, 8008))).toEqual({ afterSeq: 8006 });
    expect(socket.requests).toHaveLength(0);
    expect(seqs()).toEqual(range(8001, 8008).map((l) => l.seq));
  });

  it("keeps the lines of a reply that arrives after a reconnect, but does not page on from it", () => {
    socket.connect();
    sub.start();
    socket.disconnect();
    socket.connect();
    const stale = socket.requests.shift()!;
    stale.ack(backPage(1, 2, false));
    expect(seqs()).toEqual([1, 2]);
    expect(socket.requests).toHaveLength(1);
    expect(socket.answer(backPage(1, 4, false))).toEqual(TAIL);
    expect(seqs()).toEqual([1, 2, 3, 4]);
    expect(socket.requests).toHaveLength(0);
  });

  it("retries with backoff on an error reply or a timeout", () => {
    socket.connect();
    sub.start();
    socket.answer({ ok: false, error: "task not found" });
    expect(onError).toHaveBeenLastCalledWith("task not found");
    expect(socket.requests).toHaveLength(0);
    vi.advanceTimersByTime(100);
    expect(socket.requests).toHaveLength(1);
    vi.advanceTimersByTime(1000); // ack timeout
    expect(onError).toHaveBeenLastCalledWith("the server did not answer in time");
    socket.requests.shift();
    vi.advanceTimersByTime(200);
    expect(socket.answer(backPage(1, 1, false))).toEqual(TAIL);
    expect(onError).toHaveBeenLastCalledWith(null);
  });

  it("unsubscribes and stops listening on stop", () => {
    socket.connect();
    sub.start();
    socket.answer(backPage(1, 1, false));
    sub.stop();
    expect(socket.unsubscribed).toEqual([{ taskId: "t1" }]);
    socket.fire(UiEvent.taskOutput, { taskId: "t1", lines: [line(2)] });
    socket.connect();
    expect(seqs()).toEqual([1]);
    expect(socket.requests).toHaveLength(0);
    expect(sub.loadEarlier()).toBe(false);
  });

  describe("older pages", () => {
    it("come one at a time, each before the oldest line held, until the beginning", () => {
      socket.connect();
      sub.start();
      expect(sub.loadEarlier()).toBe(false); // not before the newest page is there
      socket.answer(backPage(4001, 4500, true));
      expect(sub.loadEarlier()).toBe(true);
      expect(sub.loadingEarlier).toBe(true);
      expect(sub.loadEarlier()).toBe(false); // one at a time
      expect(socket.answer(backPage(2001, 4000, true))).toEqual({ beforeSeq: 4001, limit: 2000 });
      expect(sub.loadingEarlier).toBe(false);
      expect(sub.loadEarlier()).toBe(true);
      expect(socket.answer(backPage(1, 2000, false))).toEqual({ beforeSeq: 2001, limit: 2000 });
      expect(buffer.reachedStart).toBe(true);
      expect(sub.loadEarlier()).toBe(false);
      expect(seqs()).toEqual(range(1, 4500).map((l) => l.seq));
    });

    it("leave live lines and the resume point alone", () => {
      socket.connect();
      sub.start();
      socket.answer(backPage(2001, 2500, true));
      sub.loadEarlier();
      socket.fire(UiEvent.taskOutput, { taskId: "t1", lines: [line(2501), line(2502)] });
      socket.answer(backPage(1, 2000, false));
      expect(socket.requests).toHaveLength(0);
      expect([buffer.lowestSeq, buffer.lastContiguousSeq]).toEqual([1, 2502]);
      socket.disconnect();
      socket.connect();
      expect(socket.answer(page(2503, 2503))).toEqual({ afterSeq: 2502 });
    });

    it("are asked again after a failure, and after a reconnect, keeping a late reply's lines", () => {
      socket.connect();
      sub.start();
      socket.answer(backPage(3001, 3500, true));
      sub.loadEarlier();
      socket.answer({ error: "Could not read the task's output" });
      expect(onError).toHaveBeenLastCalledWith("Could not read the task's output");
      vi.advanceTimersByTime(100);
      const lost = socket.requests.shift()!;
      expect(lost.payload.beforeSeq).toBe(3001);
      socket.disconnect();
      expect(sub.loadEarlier()).toBe(false);
      socket.connect();
      expect(socket.answer(page(3501, 3500))).toEqual({ afterSeq: 3500 });
      expect(sub.loadEarlier()).toBe(true);
      lost.ack(backPage(1001, 3000, true)); // the reply of before the reconnect
      expect(buffer.lowestSeq).toBe(1001);
      expect(socket.answer(backPage(1001, 3000, true))).toEqual({ beforeSeq: 3001, limit: 2000 });
      expect(sub.loadEarlier()).toBe(true);
      expect(socket.answer(backPage(1, 1000, false))).toEqual({ beforeSeq: 1001, limit: 2000 });
      expect(seqs()).toEqual(range(1, 3500).map((l) => l.seq));
    });
  });

  describe("starting over around a line far above (showAround), and back at the newest (showNewest)", () => {
    it("lets go of what it holds, asks from a little above the line, and pages down to the newest", () => {
      socket.connect();
      sub.start();
      socket.answer(backPage(99_701, 100_000, true));
      socket.fire(UiEvent.taskOutput, { taskId: "t1", lines: [line(100_001)] });
      sub.showAround(5000);
      expect(buffer.size).toBe(0);
      expect(buffer.highestSeenSeq).toBe(100_001); // still how far the output is known to go
      expect(socket.answer(page(4000, 5999, true))).toEqual({ afterSeq: 3999 });
      expect([buffer.lowestSeq, buffer.lastContiguousSeq, buffer.reachedStart]).toEqual([4000, 5999, false]);
      // On down, page after page, while older ones come on asking.
      expect(socket.answer(page(6000, 7999, true))).toEqual({ afterSeq: 5999 });
      expect(sub.loadEarlier()).toBe(true);
      expect(socket.answer(page(8000, 8000, false))).toEqual({ afterSeq: 7999 });
      expect(socket.answer(backPage(2000, 3999, true))).toEqual({ beforeSeq: 4000, limit: 2000 });
      expect([buffer.lowestSeq, buffer.lastContiguousSeq]).toEqual([2000, 8000]);
      expect(socket.requests).toHaveLength(0);
    });

    it("drops what was asked for before, lines included", () => {
      socket.connect();
      sub.start();
      sub.showAround(10); // before the newest page came
      socket.answer(backPage(99_701, 100_000, true)); // the stale tail
      expect(buffer.size).toBe(0);
      expect(socket.answer(page(1, 2000, false))).toEqual({ afterSeq: 0 });
      expect([buffer.lowestSeq, buffer.lastContiguousSeq, buffer.reachedStart]).toEqual([1, 2000, true]);
    });

    it("asks for the newest page again on showNewest, and after a reconnect goes on from what it holds", () => {
      socket.connect();
      sub.start();
      socket.answer(backPage(9701, 10_000, true));
      sub.showAround(500);
      expect(socket.answer(page(1, 1500, false))).toEqual({ afterSeq: 0 });
      expect(buffer.reachedStart).toBe(true);
      sub.showNewest();
      expect(socket.answer(backPage(9702, 10_001, true))).toEqual(TAIL);
      expect([buffer.lowestSeq, buffer.lastContiguousSeq]).toEqual([9702, 10_001]);
      socket.disconnect();
      socket.connect();
      expect(socket.answer(page(10_002, 10_002))).toEqual({ afterSeq: 10_001 });
    });
  });
});
