import { TaskHistoryPage, TaskOutputEvent, UiEvent, type StoredLine } from "../../lib/shared/protocol/ui";
import { RetryTimer, type BackoffPolicy } from "../../lib/shared/retry/backoff";
import type { SeqRange, TaskLineBuffer } from "./line-buffer";

/** A failed history request is made again after 2 s (`retryDelayMs`), doubling up to 30 s, until one succeeds. */
const HISTORY_RETRY: BackoffPolicy = { initialMs: 2_000, factor: 2, maxMs: 30_000 };

/** Lines of the first page, the task's newest: a few screens' worth, so the tail shows at once however long the task. */
export const TAIL_PAGE_LINES = 300;
/** Lines of each older page, loaded as the reader scrolls back. */
export const EARLIER_PAGE_LINES = 2000;

/** Lines of the newest page the server puts in the task page itself, to show before any script runs. */
export const FIRST_PAINT_LINES = 60;

/** The seqs a newest page (`tail`) answers for: from its first line (from 1 when nothing precedes it) to its last. */
export function newestPageCovers(page: TaskHistoryPage): SeqRange {
  return { from: page.hasEarlier ? (page.lines[0]?.seq ?? 1) : 1, to: page.lines.at(-1)?.seq ?? 0 };
}

/** Socket.IO's own listener type: each event's listener takes that event's payload. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as socket.io-client declares it
type Listener = (...args: any[]) => void;

/** The part of a Socket.IO client socket the subscription uses (a fake one in tests). */
export interface SocketLike {
  readonly connected: boolean;
  on(event: string, listener: Listener): unknown;
  off(event: string, listener: Listener): unknown;
  emit(event: string, ...args: unknown[]): unknown;
}

export interface TaskSubscriptionOptions {
  socket: SocketLike;
  taskId: string;
  buffer: TaskLineBuffer<StoredLine>;
  /** Called after the buffer changed (lines added, or its window grew). */
  onLines: () => void;
  /** Called with a message when the server's history reply is missing or invalid, null once one succeeds. */
  onError?: (message: string | null) => void;
  ackTimeoutMs?: number;
  retryDelayMs?: number;
  tailLines?: number;
  earlierLines?: number;
}

/** What one history request asks for: the newest page, or the lines after a seq. */
type Catchup = { tail: true } | { afterSeq: number };

/**
 * Keeps a task's line buffer complete from the newest page down to what has been loaded: on the first connect it asks
 * for the task's newest page (`tail`) and follows live lines from there; on every later connect for the history after
 * the last contiguous seq it holds (page after page while `hasMore`), and again when a live line shows a gap. Older
 * pages come one at a time, on `loadEarlier()` (the view asks as the reader nears the top). Duplicates from
 * overlapping history and live lines are dropped by the buffer.
 */
export class TaskSubscription {
  private readonly opts: Required<TaskSubscriptionOptions>;
  /** Bumped on each connect and on stop: acks of an older generation only contribute their lines. */
  private generation = 0;
  private inFlight = false;
  private earlierInFlight = false;
  /** The lastContiguousSeq a gap re-request was last made from: one try per position, no loop. */
  private gapAskedFrom = -1;
  private readonly retry: RetryTimer;
  private readonly earlierRetry: RetryTimer;
  private stopped = false;
  /** Bumped when the buffer is cleared to start over elsewhere: replies asked for before are dropped, lines too. */
  private epoch = 0;
  /** What to ask for while the buffer has no window: the newest page, or the page from a seq on (`showAround`). */
  private initial: Catchup = { tail: true };

  constructor(options: TaskSubscriptionOptions) {
    this.opts = {
      onError: () => {},
      ackTimeoutMs: 15_000,
      retryDelayMs: HISTORY_RETRY.initialMs,
      tailLines: TAIL_PAGE_LINES,
      earlierLines: EARLIER_PAGE_LINES,
      ...options,
    };
    this.retry = new RetryTimer({ ...HISTORY_RETRY, initialMs: this.opts.retryDelayMs });
    this.earlierRetry = new RetryTimer({ ...HISTORY_RETRY, initialMs: this.opts.retryDelayMs });
  }

  start(): void {
    const { socket } = this.opts;
    socket.on("connect", this.handleConnect);
    socket.on("disconnect", this.handleDisconnect);
    socket.on(UiEvent.taskOutput, this.handleOutput);
    if (socket.connected) this.handleConnect();
  }

  stop(): void {
    const { socket, taskId } = this.opts;
    this.stopped = true;
    this.generation++;
    this.retry.cancel();
    this.earlierRetry.cancel();
    socket.off("connect", this.handleConnect);
    socket.off("disconnect", this.handleDisconnect);
    socket.off(UiEvent.taskOutput, this.handleOutput);
    if (socket.connected) socket.emit(UiEvent.unsubscribeTask, { taskId });
  }

  /** An older page is on its way. */
  get loadingEarlier(): boolean {
    return this.earlierInFlight;
  }

  /**
   * Asks for the page above the oldest line held, unless one is on its way, the beginning is held, the newest page has
   * not come yet, or the socket is down (the view asks again). Returns whether it asked.
   */
  loadEarlier(): boolean {
    const { socket, taskId, buffer, ackTimeoutMs, earlierLines } = this.opts;
    if (this.stopped || !socket.connected || this.earlierInFlight || !buffer.hasWindow || buffer.reachedStart)
      return false;
    this.earlierRetry.cancel();
    this.earlierInFlight = true;
    const beforeSeq = buffer.lowestSeq;
    this.ask({ taskId, beforeSeq, limit: earlierLines }, ackTimeoutMs, {
      covers: (page) => ({ from: page.hasEarlier ? (page.lines[0]?.seq ?? beforeSeq) : 1, to: beforeSeq - 1 }),
      settled: (page, error) => {
        this.earlierInFlight = false;
        if (page) {
          this.earlierRetry.reset();
          this.opts.onError(null);
          return;
        }
        this.opts.onError(error);
        this.earlierRetry.schedule(() => this.loadEarlier());
      },
    });
    return true;
  }

  /**
   * Starts over at line `seq`: lets go of what the buffer holds and asks for the page from a little above it on, then
   * page after page down to the newest (`hasMore`), while older ones come as before, on `loadEarlier`. For going to a
   * line far above what is held, without loading every page between.
   */
  showAround(seq: number): void {
    this.startOver({ afterSeq: Math.max(0, seq - 1 - Math.floor(this.opts.earlierLines / 2)) });
  }

  /** Starts over at the task's newest page, as on opening (after `showAround`, to go back to the newest output). */
  showNewest(): void {
    this.startOver({ tail: true });
  }

  private startOver(initial: Catchup): void {
    this.epoch++;
    this.initial = initial;
    this.opts.buffer.clear();
    this.opts.onLines();
    // Unless the socket is down: then its next connect asks.
    if (!this.stopped && this.opts.socket.connected) this.handleConnect();
  }

  private readonly handleConnect = (): void => {
    this.generation++;
    this.inFlight = false;
    this.earlierInFlight = false;
    this.gapAskedFrom = -1;
    this.retry.cancel();
    this.earlierRetry.cancel();
    this.request(this.catchup());
  };

  private readonly handleDisconnect = (): void => {
    this.generation++;
    this.inFlight = false;
    this.earlierInFlight = false;
    this.retry.cancel();
    this.earlierRetry.cancel();
  };

  private readonly handleOutput = (payload: unknown): void => {
    const event = TaskOutputEvent.safeParse(payload);
    if (!event.success || event.data.taskId !== this.opts.taskId) return;
    this.addLines(event.data.lines);
    if (!this.inFlight) this.fillGap();
  };

  /** The newest page until one placed the buffer's window, then what follows it. */
  private catchup(): Catchup {
    const { buffer } = this.opts;
    return buffer.hasWindow ? { afterSeq: buffer.lastContiguousSeq } : this.initial;
  }

  private request(what: Catchup): void {
    const { taskId, ackTimeoutMs, tailLines } = this.opts;
    if (this.stopped || !this.opts.socket.connected) return;
    this.retry.cancel();
    this.inFlight = true;
    const tail = "tail" in what;
    const afterSeq = tail ? 0 : what.afterSeq;
    this.ask(tail ? { taskId, tail: true, limit: tailLines } : { taskId, afterSeq }, ackTimeoutMs, {
      covers: (page) =>
        tail ? newestPageCovers(page) : { from: afterSeq + 1, to: page.lines.at(-1)?.seq ?? afterSeq },
      settled: (page, error) => {
        if (!page) {
          this.inFlight = false;
          this.opts.onError(error);
          this.retry.schedule(() => this.request(this.catchup()));
          return;
        }
        this.retry.reset();
        this.opts.onError(null);
        const last = page.lines.at(-1)?.seq;
        if (page.hasMore && last !== undefined && last > afterSeq) return this.request({ afterSeq: last });
        this.inFlight = false;
        this.fillGap();
      },
    });
  }

  /**
   * Emits one history request. Its reply's lines always go into the buffer (with the range they cover: a page is
   * true of the stored output whenever it comes); `settled` is called once, with the page or an error, unless a
   * reconnect or stop made the request stale by then.
   */
  private ask(
    payload: Record<string, unknown>,
    timeoutMs: number,
    handlers: {
      covers: (page: TaskHistoryPage) => SeqRange;
      settled: (page: TaskHistoryPage | null, error: string) => void;
    },
  ): void {
    const generation = this.generation;
    const epoch = this.epoch;
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      if (generation === this.generation) handlers.settled(null, "the server did not answer in time");
    }, timeoutMs);
    this.opts.socket.emit(UiEvent.subscribeTask, payload, (reply: unknown) => {
      clearTimeout(timer);
      if (this.stopped || epoch !== this.epoch) return;
      const page = TaskHistoryPage.safeParse(reply);
      if (page.success) this.addLines(page.data.lines, handlers.covers(page.data));
      if (settled || generation !== this.generation) return;
      settled = true;
      handlers.settled(page.success ? page.data : null, page.success ? "" : errorOf(reply));
    });
  }

  private fillGap(): void {
    const { buffer } = this.opts;
    if (!buffer.hasWindow || !buffer.hasGap || buffer.lastContiguousSeq === this.gapAskedFrom) return;
    this.gapAskedFrom = buffer.lastContiguousSeq;
    this.request({ afterSeq: buffer.lastContiguousSeq });
  }

  private addLines(lines: StoredLine[], covers?: SeqRange): void {
    const { buffer } = this.opts;
    const version = buffer.version;
    buffer.add(lines, covers);
    if (buffer.version !== version) this.opts.onLines();
  }
}

function errorOf(reply: unknown): string {
  const error = (reply as { error?: unknown } | null)?.error;
  return typeof error === "string" && error ? error : "the server sent an invalid history page";
}
