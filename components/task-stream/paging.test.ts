import { describe, expect, it } from "vitest";
import { UiEvent, type StoredLine, type TaskHistoryPage } from "../../lib/shared/protocol/ui";
import { normalizeLines } from "../../lib/shared/stream/normalize";
import { pairToolResults } from "../../lib/shared/stream/tool-results";
import { Rng } from "../../test/support/rng";
import { transcriptLine } from "../../test/support/seed-output";
import { TaskLineBuffer } from "./line-buffer";
import { StreamRows, type StreamRow } from "./stream-rows";
import { FakeUiSocket } from "../../test/support/fake-ui-socket";
import { TaskSubscription } from "./task-subscription";

/**
 * The task view's paging, end to end but for the browser: a subscription, its line buffer and the rows made from it,
 * against a fake server that stores lines and answers history requests as `UiHub` does, while lines keep arriving.
 */

type Listener = (...args: unknown[]) => void;
type Request = { payload: { afterSeq?: number; tail?: boolean; beforeSeq?: number; limit?: number }; ack: Listener };

class FakeServer extends FakeUiSocket {
  readonly stored: StoredLine[] = [];
  readonly pending: Request[] = [];
  readonly asked: Request["payload"][] = [];
  private joined = false;

  emit(event: string, payload: unknown, ack?: Listener) {
    if (event !== UiEvent.subscribeTask) return;
    // Joined before the history is read, as UiHub does.
    this.joined = true;
    this.pending.push({ payload: payload as Request["payload"], ack: ack! });
    this.asked.push(payload as Request["payload"]);
  }
  disconnect() {
    this.joined = false;
    super.disconnect();
  }
  /** Stores the next `count` lines of a `total`-line transcript and sends them to a joined browser. */
  print(count: number, total: number) {
    const lines: StoredLine[] = [];
    for (let i = 0; i < count && this.stored.length < total; i++) {
      const seq = this.stored.length + 1;
      const line = { seq, ...transcriptLine(seq, total), createdAt: "2026-01-01T00:00:00.000Z" };
      this.stored.push(line);
      lines.push(line);
    }
    if (this.joined && this.connected && lines.length) this.fire(UiEvent.taskOutput, { taskId: "t1", lines });
  }
  /** Answers the oldest request from what is stored now; a request sent before a disconnect may still be answered. */
  answerOne(): boolean {
    const request = this.pending.shift();
    if (!request) return false;
    request.ack(this.read(request.payload));
    return true;
  }
  private read({ afterSeq = 0, tail, beforeSeq, limit = 2000 }: Request["payload"]): TaskHistoryPage {
    if (tail || beforeSeq !== undefined) {
      const below = this.stored.filter(
        (line) => line.seq > afterSeq && (beforeSeq === undefined || line.seq < beforeSeq),
      );
      return { lines: below.slice(-limit), hasMore: false, hasEarlier: below.length > limit };
    }
    const after = this.stored.filter((line) => line.seq > afterSeq);
    return { lines: after.slice(0, limit), hasMore: after.length > limit };
  }
}

function view(server: FakeServer, sizes = { tailLines: 100, earlierLines: 250 }) {
  const buffer = new TaskLineBuffer();
  const rows = new StreamRows();
  let shown: readonly StreamRow[] = [];
  const subscription = new TaskSubscription({
    socket: server,
    taskId: "t1",
    buffer,
    onLines: () => {},
    ackTimeoutMs: 60_000,
    ...sizes,
  });
  const keys = () => new Set(shown.map((row) => row.key));
  return {
    buffer,
    subscription,
    /** Makes the rows as a render would, and checks no row that was shown went away (its key stays, `moved` at worst). */
    render() {
      const before = keys();
      shown = [...rows.update(buffer.lines())];
      const after = keys();
      expect([...before].filter((key) => !after.has(key))).toEqual([]);
      return shown;
    },
  };
}

const expectedRows = (lines: readonly StoredLine[]) => pairToolResults(normalizeLines(lines));
const withoutMoved = (rows: readonly StreamRow[]) => rows.filter((row) => row.kind !== "moved");

describe("the task view's paging", () => {
  it("opens a 100,000-line task on its newest page alone, then pages back to its first line", () => {
    const server = new FakeServer();
    server.print(100_000, 100_000);
    const { buffer, subscription, render } = view(server, { tailLines: 500, earlierLines: 2000 });
    server.connect();
    subscription.start();
    server.answerOne();
    expect(server.asked).toEqual([{ taskId: "t1", tail: true, limit: 500 }]);
    expect([buffer.size, buffer.lowestSeq, buffer.maxSeq, buffer.reachedStart]).toEqual([500, 99_501, 100_000, false]);
    const opened = render();
    expect(opened.at(-1)?.key).toBe("100000:0");

    let pages = 0;
    while (subscription.loadEarlier()) {
      server.answerOne();
      pages++;
    }
    expect(pages).toBe(50);
    expect([buffer.size, buffer.lowestSeq, buffer.reachedStart]).toEqual([100_000, 1, true]);
    expect(buffer.lines().every((line, i) => line.seq === i + 1)).toBe(true);
    const rows = render();
    expect(rows[0].key).toBe("1:0");
    expect(withoutMoved(rows)).toEqual(expectedRows(server.stored));
  });

  it("pairs a tool result shown on its own once the older page with its call comes, leaving its place", () => {
    const server = new FakeServer();
    server.print(40, 40);
    // transcriptLine: a tool call at seq 4k+3, its result at 4k+4. A newest page starting at 12 begins with a result.
    const { buffer, subscription, render } = view(server, { tailLines: 29, earlierLines: 20 });
    server.connect();
    subscription.start();
    server.answerOne();
    expect(buffer.lowestSeq).toBe(12);
    const before = render();
    expect(before[0]).toMatchObject({ key: "12:0", kind: "entry", entry: { kind: "toolResult" } });
    subscription.loadEarlier();
    server.answerOne();
    const after = render();
    const moved = after.findIndex((row) => row.key === "12:0");
    expect(after[moved]).toEqual({ kind: "moved", key: "12:0" });
    expect(after[moved - 1]).toMatchObject({ kind: "tool", key: "11:0", result: { seq: 12 } });
    expect(withoutMoved(after)).toEqual(expectedRows(server.stored));
  });

  for (const seed of [1, 2, 3, 4, 5]) {
    it(`loses and doubles no line while output arrives, pages load and the connection drops (seed ${seed})`, () => {
      const rng = new Rng(seed);
      const next = () => rng.next();
      const total = 3000;
      const server = new FakeServer();
      server.print(1200, total);
      const { buffer, subscription, render } = view(server);
      server.connect();
      subscription.start();
      for (let step = 0; step < 400; step++) {
        const roll = next();
        if (roll < 0.35) server.answerOne();
        else if (roll < 0.6) server.print(1 + Math.floor(next() * 20), total);
        else if (roll < 0.8) subscription.loadEarlier();
        else if (roll < 0.85) {
          if (server.connected) server.disconnect();
          else server.connect();
        } else render();
      }
      if (!server.connected) server.connect();
      server.print(total, total);
      while (server.answerOne());
      while (subscription.loadEarlier()) while (server.answerOne());
      while (server.answerOne());

      expect(buffer.lines().map((line) => line.seq)).toEqual(server.stored.map((line) => line.seq));
      expect([buffer.reachedStart, buffer.hasGap, buffer.lastContiguousSeq]).toEqual([true, false, total]);
      expect(withoutMoved(render())).toEqual(expectedRows(server.stored));
    });
  }
});
