import { TaskHistoryPage, TaskOutputEvent, UiEvent, type StoredLine } from "../../lib/shared/protocol/ui";
import { RetryTimer, type BackoffPolicy } from "../../lib/shared/retry/backoff";
import type { TaskLineBuffer } from "./line-buffer";

/** A failed history request is made again after 2 s (`retryDelayMs`), doubling up to 30 s, until one succeeds. */
const HISTORY_RETRY: BackoffPolicy = { initialMs: 2_000, factor: 2, maxMs: 30_000 };

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
  /** Called after lines were added to the buffer. */
  onLines: () => void;
  /** Called with a message when the server's history reply is missing or invalid, null once one succeeds. */
  onError?: (message: string | null) => void;
  ackTimeoutMs?: number;
  retryDelayMs?: number;
}

/**
 * Keeps a task's line buffer complete: on every connect it asks for the history after the last contiguous
 * seq it holds (page after page while `hasMore`), adds live lines, and asks again when a live line shows a
 * gap. Duplicates from overlapping history and live lines are dropped by the buffer.
 */
export class TaskSubscription {
  private readonly opts: Required<TaskSubscriptionOptions>;
  /** Bumped on each connect and on stop: acks of an older generation only contribute their lines. */
  private generation = 0;
  private inFlight = false;
  /** The lastContiguousSeq a gap re-request was last made from: one try per position, no loop. */
  private gapAskedFrom = -1;
  private readonly retry: RetryTimer;
  private stopped = false;

  constructor(options: TaskSubscriptionOptions) {
    this.opts = { onError: () => {}, ackTimeoutMs: 15_000, retryDelayMs: HISTORY_RETRY.initialMs, ...options };
    this.retry = new RetryTimer({ ...HISTORY_RETRY, initialMs: this.opts.retryDelayMs });
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
    socket.off("connect", this.handleConnect);
    socket.off("disconnect", this.handleDisconnect);
    socket.off(UiEvent.taskOutput, this.handleOutput);
    if (socket.connected) socket.emit(UiEvent.unsubscribeTask, { taskId });
  }

  private readonly handleConnect = (): void => {
    this.generation++;
    this.inFlight = false;
    this.gapAskedFrom = -1;
    this.retry.cancel();
    this.request(this.opts.buffer.lastContiguousSeq);
  };

  private readonly handleDisconnect = (): void => {
    this.generation++;
    this.inFlight = false;
    this.retry.cancel();
  };

  private readonly handleOutput = (payload: unknown): void => {
    const event = TaskOutputEvent.safeParse(payload);
    if (!event.success || event.data.taskId !== this.opts.taskId) return;
    this.addLines(event.data.lines);
    if (!this.inFlight) this.fillGap();
  };

  private request(afterSeq: number): void {
    const { socket, taskId, ackTimeoutMs } = this.opts;
    if (this.stopped || !socket.connected) return;
    this.retry.cancel();
    this.inFlight = true;
    const generation = this.generation;
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      if (generation === this.generation) this.fail("the server did not answer in time");
    }, ackTimeoutMs);
    socket.emit(UiEvent.subscribeTask, { taskId, afterSeq }, (reply: unknown) => {
      if (this.stopped) return;
      clearTimeout(timer);
      const page = TaskHistoryPage.safeParse(reply);
      if (page.success) this.addLines(page.data.lines);
      if (settled || generation !== this.generation) return;
      settled = true;
      if (!page.success) return this.fail(errorOf(reply));
      this.retry.reset();
      this.opts.onError(null);
      const last = page.data.lines.at(-1)?.seq;
      if (page.data.hasMore && last !== undefined && last > afterSeq) return this.request(last);
      this.inFlight = false;
      this.fillGap();
    });
  }

  private fillGap(): void {
    const { buffer } = this.opts;
    if (!buffer.hasGap || buffer.lastContiguousSeq === this.gapAskedFrom) return;
    this.gapAskedFrom = buffer.lastContiguousSeq;
    this.request(buffer.lastContiguousSeq);
  }

  private fail(message: string): void {
    this.inFlight = false;
    this.opts.onError(message);
    this.retry.schedule(() => this.request(this.opts.buffer.lastContiguousSeq));
  }

  private addLines(lines: StoredLine[]): void {
    if (this.opts.buffer.add(lines).length > 0) this.opts.onLines();
  }
}

function errorOf(reply: unknown): string {
  const error = (reply as { error?: unknown } | null)?.error;
  return typeof error === "string" && error ? error : "the server sent an invalid history page";
}
