import { describe, expect, it, vi } from "vitest";
import type { DaemonMessage, MessageAck, OutputLine } from "../../lib/shared/protocol/daemon";
import { OutputRelay } from "./output-relay";
import type { RelayTransport } from "./transport";

/** A server stand-in: stores lines by seq like the real one, and can be disconnected. */
class FakeServer implements RelayTransport {
  ready = true;
  stored = new Map<number, OutputLine>();
  batches: number[][] = [];
  failNext = 0;
  private waiting: Array<() => void> = [];
  hold = false;

  isReady(): boolean {
    return this.ready;
  }

  async send(message: DaemonMessage): Promise<MessageAck> {
    if (!this.ready) throw new Error("not connected");
    if (message.type !== "taskOutput") throw new Error("unexpected");
    this.batches.push(message.lines.map((l) => l.seq));
    if (this.hold) await new Promise<void>((resolve) => this.waiting.push(resolve));
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error("timeout");
    }
    for (const line of message.lines) if (!this.stored.has(line.seq)) this.stored.set(line.seq, line);
    return { ok: true, ackedSeq: Math.max(...this.stored.keys()) };
  }

  release(): void {
    this.hold = false;
    this.waiting.splice(0).forEach((resolve) => resolve());
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("OutputRelay", () => {
  it("numbers a continued run's lines on from firstSeq, so the server keeps them after the earlier ones", async () => {
    const server = new FakeServer();
    const relay = new OutputRelay("t", server, { firstSeq: 42 });
    expect(relay.system("Resumed by Ann")).toBe(42);
    expect(relay.push("stdout", "{}")).toBe(43);
    await relay.drained();
    expect([...server.stored.keys()]).toEqual([42, 43]);
  });

  it("numbers lines from 1 and tags stdout lines with their stream-json type", async () => {
    const server = new FakeServer();
    const relay = new OutputRelay("t", server);
    expect(relay.push("stdout", '{"type":"assistant"}')).toBe(1);
    expect(relay.push("stderr", '{"type":"assistant"}')).toBe(2);
    expect(relay.system("Warning: slow")).toBe(3);
    relay.push("stdout", "not json");
    await relay.drained();
    expect([...server.stored.values()].map((l) => [l.seq, l.stream, l.jsonType])).toEqual([
      [1, "stdout", "assistant"],
      [2, "stderr", null],
      [3, "system", null],
      [4, "stdout", null],
    ]);
  });

  it("batches lines printed while a batch is in flight", async () => {
    const server = new FakeServer();
    const relay = new OutputRelay("t", server);
    server.hold = true;
    relay.push("stdout", "a");
    await tick();
    for (let i = 0; i < 50; i++) relay.push("stdout", `line ${i}`);
    server.release();
    await relay.drained();
    expect(server.batches).toEqual([[1], Array.from({ length: 50 }, (_, i) => i + 2)]);
  });

  it("sends lines as they come, without waiting for the ack of the batch before", async () => {
    const server = new FakeServer();
    const relay = new OutputRelay("t", server);
    server.hold = true;
    relay.push("stdout", "a");
    await tick();
    relay.push("stdout", "b");
    relay.push("stdout", "c");
    await tick();
    relay.push("stdout", "d");
    await tick();
    // Three batches on their way, none acknowledged.
    expect(server.batches).toEqual([[1], [2, 3], [4]]);
    expect(relay.unacknowledged).toBe(4);
    server.release();
    await relay.drained();
    expect([...server.stored.keys()]).toEqual([1, 2, 3, 4]);
  });

  it("bounds what is on its way, by messages and by characters; the rest waits and goes together", async () => {
    const server = new FakeServer();
    const relay = new OutputRelay("t", server, { maxInFlight: 2, maxBatchChars: 100 });
    server.hold = true;
    for (const line of ["a", "b", "c"]) {
      relay.push("stdout", line);
      await tick();
    }
    expect(server.batches).toEqual([[1], [2]]);
    server.release();
    await relay.drained();
    expect(server.batches).toEqual([[1], [2], [3]]);

    server.batches = [];
    server.hold = true;
    relay.push("stdout", "x".repeat(60));
    await tick();
    relay.push("stdout", "y".repeat(60)); // 120 characters would be on their way: it waits
    relay.push("stdout", "z");
    await tick();
    expect(server.batches).toEqual([[4]]);
    server.release();
    await relay.drained();
    expect(server.batches).toEqual([[4], [5, 6]]);
  });

  it("after a passing server error, sends everything not acknowledged again, once, in order", async () => {
    vi.useFakeTimers();
    try {
      const server = new FakeServer();
      const answers: Array<(answer: MessageAck) => void> = [];
      const sent: number[][] = [];
      const flaky: RelayTransport = {
        isReady: () => true,
        send: (message) => {
          if (message.type !== "taskOutput") throw new Error("unexpected");
          sent.push(message.lines.map((line) => line.seq));
          if (answers.length < 3) return new Promise((resolve) => answers.push(resolve));
          return server.send(message);
        },
      };
      const relay = new OutputRelay("t", flaky);
      for (const line of ["1", "2", "3"]) {
        relay.push("stdout", line);
        await vi.advanceTimersByTimeAsync(0);
      }
      expect(sent).toEqual([[1], [2], [3]]);
      // The first could not be stored; the server refuses the ones past it too (they would leave a gap).
      const refusal = { ok: false, error: "Server error", fatal: false, retryable: true } as const;
      answers[0](refusal);
      answers[1](refusal);
      answers[2](refusal);
      await vi.advanceTimersByTimeAsync(0);
      relay.push("stdout", "4");
      await vi.advanceTimersByTimeAsync(999);
      expect(sent).toHaveLength(3);
      await vi.advanceTimersByTimeAsync(1);
      await relay.drained();
      expect(sent).toEqual([[1], [2], [3], [1, 2, 3, 4]]);
      expect([...server.stored.keys()]).toEqual([1, 2, 3, 4]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("sends again what an ack leaves out", async () => {
    const server = new FakeServer();
    let first = true;
    const short: RelayTransport = {
      isReady: () => true,
      send: async (message) => {
        if (!first || message.type !== "taskOutput") return server.send(message);
        first = false;
        // The server kept only the first line of the batch.
        await server.send({ ...message, lines: message.lines.slice(0, 1) });
        return { ok: true, ackedSeq: 1 };
      },
    };
    const relay = new OutputRelay("t", short);
    relay.push("stdout", "a");
    relay.push("stdout", "b");
    await relay.drained();
    expect(server.batches).toEqual([[1], [2]]);
    expect([...server.stored.keys()]).toEqual([1, 2]);
  });

  it("caps a batch by lines and by characters, but always sends at least one line", async () => {
    const server = new FakeServer();
    const relay = new OutputRelay("t", server, { maxBatch: 3, maxBatchChars: 1000 });
    server.hold = true;
    relay.push("stdout", "a");
    await tick();
    for (let i = 0; i < 4; i++) relay.push("stdout", "x");
    relay.push("stdout", "y".repeat(600));
    relay.push("stdout", "z".repeat(600));
    relay.push("stdout", "w".repeat(2000));
    server.release();
    await relay.drained();
    expect(server.batches).toEqual([[1], [2, 3, 4], [5, 6], [7], [8]]);
  });

  it("keeps unacknowledged lines through a disconnect and resends them once, in order", async () => {
    const server = new FakeServer();
    const relay = new OutputRelay("t", server);
    relay.push("stdout", "1");
    await relay.drained();
    server.ready = false;
    for (let i = 2; i <= 5; i++) relay.push("stdout", String(i));
    await tick();
    expect(relay.unacknowledged).toBe(4);
    server.ready = true;
    relay.resume();
    await relay.drained();
    expect([...server.stored.keys()]).toEqual([1, 2, 3, 4, 5]);
  });

  it("resends a batch whose ack was lost; the server's dedupe leaves one copy", async () => {
    const server = new FakeServer();
    const relay = new OutputRelay("t", server);
    server.failNext = 1;
    relay.push("stdout", "a");
    relay.push("stdout", "b");
    await tick();
    relay.resume();
    await relay.drained();
    expect(server.batches).toEqual([
      [1, 2],
      [1, 2],
    ]);
    expect([...server.stored.keys()]).toEqual([1, 2]);
  });

  it("drained() resolves at once when nothing is waiting", async () => {
    await expect(new OutputRelay("t", new FakeServer()).drained()).resolves.toBeUndefined();
  });

  it("drops lines the server refuses for good, so the task can still finish", async () => {
    const refusing: RelayTransport = {
      isReady: () => true,
      send: async () => ({ ok: false, error: "Task t is not assigned to this daemon", fatal: false, retryable: false }),
    };
    const relay = new OutputRelay("t", refusing);
    relay.push("stdout", "a");
    await relay.drained();
    expect(relay.unacknowledged).toBe(0);
  });

  it("keeps lines through a passing server error and sends them again", async () => {
    vi.useFakeTimers();
    try {
      const server = new FakeServer();
      let failures = 1;
      const flaky: RelayTransport = {
        isReady: () => true,
        send: async (message) =>
          failures-- > 0
            ? { ok: false, error: "Server error while handling taskOutput", fatal: false, retryable: true }
            : server.send(message),
      };
      const relay = new OutputRelay("t", flaky);
      relay.push("stdout", "a");
      await vi.advanceTimersByTimeAsync(0);
      expect(relay.unacknowledged).toBe(1);
      await vi.advanceTimersByTimeAsync(1000);
      await relay.drained();
      expect([...server.stored.keys()]).toEqual([1]);
    } finally {
      vi.useRealTimers();
    }
  });
});
