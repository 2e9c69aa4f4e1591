import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from "vitest";
import { UiEvent, type StoredLine, type TaskHistoryPage } from "../../lib/shared/protocol/ui";
import { TaskLineBuffer } from "./line-buffer";
import { TaskSubscription, type SocketLike } from "./task-subscription";

type Listener = (...args: unknown[]) => void;
type Ack = (reply: unknown) => void;

/** A socket that records what is emitted and lets the test play the server. */
class FakeSocket implements SocketLike {
  connected = false;
  readonly listeners = new Map<string, Set<Listener>>();
  readonly requests: { afterSeq: number; ack: Ack }[] = [];
  readonly unsubscribed: unknown[] = [];

  on(event: string, listener: Listener) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)!.add(listener);
  }
  off(event: string, listener: Listener) {
    this.listeners.get(event)?.delete(listener);
  }
  emit(event: string, payload: unknown, ack?: Ack) {
    if (event === UiEvent.subscribeTask)
      this.requests.push({ afterSeq: (payload as { afterSeq: number }).afterSeq, ack: ack! });
    if (event === UiEvent.unsubscribeTask) this.unsubscribed.push(payload);
  }
  fire(event: string, ...args: unknown[]) {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
  connect() {
    this.connected = true;
    this.fire("connect");
  }
  disconnect() {
    this.connected = false;
    this.fire("disconnect", "transport close");
  }
  /** Answers the oldest pending history request. */
  answer(page: TaskHistoryPage | unknown) {
    const request = this.requests.shift();
    if (!request) throw new Error("no pending request");
    request.ack(page);
    return request.afterSeq;
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
  it("subscribes at start when already connected, and pages while hasMore", () => {
    socket.connected = true;
    sub.start();
    expect(socket.answer(page(1, 3, true))).toBe(0);
    expect(socket.answer(page(4, 5))).toBe(3);
    expect(socket.requests).toHaveLength(0);
    expect(seqs()).toEqual([1, 2, 3, 4, 5]);
    expect(onLines).toHaveBeenCalledTimes(2);
  });

  it("waits for the connect event when not connected", () => {
    sub.start();
    expect(socket.requests).toHaveLength(0);
    socket.connect();
    expect(socket.answer(page(1, 2))).toBe(0);
  });

  it("dedupes live lines that overlap the history reply", () => {
    socket.connect();
    sub.start();
    socket.fire(UiEvent.taskOutput, { taskId: "t1", lines: [line(3), line(4)] });
    expect(socket.requests).toHaveLength(1); // no gap request while history is in flight
    socket.answer(page(1, 3));
    expect(seqs()).toEqual([1, 2, 3, 4]);
    expect(socket.requests).toHaveLength(0);
  });

  it("ignores other tasks' lines and invalid events", () => {
    socket.connect();
    sub.start();
    socket.answer(page(1, 1));
    socket.fire(UiEvent.taskOutput, { taskId: "other", lines: [line(2)] });
    socket.fire(UiEvent.taskOutput, { taskId: "t1", lines: "nope" });
    expect(seqs()).toEqual([1]);
  });

  it("asks for the missing lines when a live line shows a gap, once per position", () => {
    socket.connect();
    sub.start();
    socket.answer(page(1, 2));
    socket.fire(UiEvent.taskOutput, { taskId: "t1", lines: [line(5)] });
    expect(socket.answer(page(3, 5))).toBe(2);
    expect(seqs()).toEqual([1, 2, 3, 4, 5]);
    // a gap the server cannot fill is asked about once, not in a loop
    socket.fire(UiEvent.taskOutput, { taskId: "t1", lines: [line(8)] });
    expect(socket.answer(page(9, 8))).toBe(5);
    socket.fire(UiEvent.taskOutput, { taskId: "t1", lines: [line(9)] });
    expect(socket.requests).toHaveLength(0);
  });

  it("resumes after a reconnect from the last contiguous seq, with no duplicates", () => {
    socket.connect();
    sub.start();
    socket.answer(page(1, 3));
    socket.disconnect();
    socket.connect();
    expect(socket.answer(page(4, 6))).toBe(3);
    expect(seqs()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("keeps the lines of a reply that arrives after a reconnect, but does not page on from it", () => {
    socket.connect();
    sub.start();
    socket.disconnect();
    socket.connect();
    const stale = socket.requests.shift()!;
    stale.ack(page(1, 2, true));
    expect(seqs()).toEqual([1, 2]);
    expect(socket.requests).toHaveLength(1);
    expect(socket.answer(page(1, 4))).toBe(0);
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
    expect(socket.answer(page(1, 1))).toBe(0);
    expect(onError).toHaveBeenLastCalledWith(null);
  });

  it("unsubscribes and stops listening on stop", () => {
    socket.connect();
    sub.start();
    socket.answer(page(1, 1));
    sub.stop();
    expect(socket.unsubscribed).toEqual([{ taskId: "t1" }]);
    socket.fire(UiEvent.taskOutput, { taskId: "t1", lines: [line(2)] });
    socket.connect();
    expect(seqs()).toEqual([1]);
    expect(socket.requests).toHaveLength(0);
  });
});
