import { jsonTypeOf } from "../../lib/shared/stream/json-type";
import type { MessageAck, OutputLine, OutputStream } from "../../lib/shared/protocol/daemon";
import { later } from "../../lib/shared/retry/backoff";
import { RETRY_AFTER_SERVER_ERROR_MS, type RelayTransport } from "./transport";

export interface OutputRelayOptions {
  /** Most lines in one `taskOutput` message (5000, the protocol's limit). */
  maxBatch?: number;
  /**
   * Most characters of output on their way at once, in one message or several, unless a single line is longer (4 Mi:
   * far below the server's 64 MiB message limit).
   */
  maxBatchChars?: number;
  /** Most messages on their way at once, each waiting for its ack (16). */
  maxInFlight?: number;
  /** The first line's seq: a task's continued run numbers on after the lines its earlier runs stored. */
  firstSeq?: number;
}

/**
 * Numbers a task's output lines (seq 1, 2, 3 …, or on from `firstSeq`) and delivers them to the server in batches,
 * keeping every line until the server acknowledges it has stored it. Lines go as soon as they are printed (those
 * printed in one go form one batch), without waiting for the ack of the batch before: the server shows them to
 * browsers on arrival and acknowledges them once stored, and its acks tell the relay what it may forget. What is on its
 * way at once is bounded (`maxInFlight` messages, `maxBatchChars` characters in all); lines printed meanwhile wait and
 * form the next batch, as large as allowed, which is what lets a task that prints fast catch up.
 *
 * The server takes a task's batches in the order they were sent. When it could not store one (a passing error), it
 * refuses the ones after it too, and the relay sends everything not acknowledged again, a second later; after a
 * reconnect, `resume()` does the same at once. The server drops what it already stored, so nothing is lost or doubled.
 */
export class OutputRelay {
  private nextSeq: number;
  /** Every line not acknowledged yet, in seq order; the first `sent` of them are on their way. */
  private pending: OutputLine[] = [];
  private sent = 0;
  private inFlight = 0;
  private inFlightChars = 0;
  /** Bumped whenever what is on its way is given up (a lost connection, a refusal): older answers only acknowledge. */
  private round = 0;
  /** After a passing server error: nothing goes until the retry. */
  private waitingToRetry = false;
  private flushQueued = false;
  private drainWaiters: Array<() => void> = [];
  private readonly maxBatch: number;
  private readonly maxBatchChars: number;
  private readonly maxInFlight: number;

  constructor(
    readonly taskId: string,
    private readonly transport: RelayTransport,
    options: OutputRelayOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 5000;
    this.maxBatchChars = options.maxBatchChars ?? 4 * 1024 * 1024;
    this.maxInFlight = options.maxInFlight ?? 16;
    this.nextSeq = options.firstSeq ?? 1;
  }

  /** Queues one line, tagged with its stream-json type (worked out here unless the caller has it). Returns its seq. */
  push(stream: OutputStream, line: string, jsonType = stream === "stdout" ? jsonTypeOf(line) : null): number {
    const seq = this.nextSeq++;
    this.pending.push({ seq, stream, line, jsonType });
    if (!this.flushQueued) {
      // Lines pushed in the same turn go together.
      this.flushQueued = true;
      queueMicrotask(() => {
        this.flushQueued = false;
        this.flush();
      });
    }
    return seq;
  }

  /** A notice from the daemon itself (watchdog, set-up steps, loop events). */
  system(text: string): number {
    return this.push("system", text);
  }

  get unacknowledged(): number {
    return this.pending.length;
  }

  /** Sends again everything not acknowledged, after a reconnect. */
  resume(): void {
    this.giveUpInFlight();
    this.waitingToRetry = false;
    this.flush();
  }

  /** Resolves once every line pushed so far is stored on the server. */
  drained(): Promise<void> {
    if (this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  private flush(): void {
    while (
      !this.waitingToRetry &&
      this.sent < this.pending.length &&
      this.inFlight < this.maxInFlight &&
      this.transport.isReady()
    ) {
      const batch = this.nextBatch();
      if (!batch) break;
      this.send(batch.lines, batch.chars);
    }
  }

  /** The oldest lines not sent, within the limits; at least one when nothing is on its way. */
  private nextBatch(): { lines: OutputLine[]; chars: number } | null {
    const start = this.sent;
    const budget = this.maxBatchChars - this.inFlightChars;
    let end = start;
    let chars = 0;
    while (end < this.pending.length && end - start < this.maxBatch) {
      const length = this.pending[end].line.length;
      if (chars + length > budget && (end > start || this.inFlight > 0)) break;
      chars += length;
      end++;
    }
    return end === start ? null : { lines: this.pending.slice(start, end), chars };
  }

  private send(lines: OutputLine[], chars: number): void {
    const round = this.round;
    this.sent += lines.length;
    this.inFlight++;
    this.inFlightChars += chars;
    new Promise<MessageAck>((resolve) =>
      resolve(this.transport.send({ type: "taskOutput", taskId: this.taskId, lines })),
    )
      .then(
        (answer) => this.answered(round, lines, chars, answer),
        () => {
          // Disconnected or timed out: everything not acknowledged goes again (after the reconnect: resume()).
          if (round === this.round) this.giveUpInFlight();
        },
      )
      .finally(() => this.flush());
  }

  private answered(round: number, lines: OutputLine[], chars: number, answer: MessageAck): void {
    const current = round === this.round;
    if (current) {
      this.inFlight--;
      this.inFlightChars -= chars;
    }
    const lastSeq = lines[lines.length - 1].seq;
    if (answer.ok) {
      const ackedSeq = answer.ackedSeq ?? lastSeq;
      this.acknowledge(ackedSeq);
      // The server stored less than this batch: what it lacks goes again.
      if (current && ackedSeq < lastSeq) this.giveUpInFlight();
    } else if (answer.retryable) {
      if (!current) return;
      this.giveUpInFlight();
      this.waitingToRetry = true;
      later(
        RETRY_AFTER_SERVER_ERROR_MS,
        () => {
          this.waitingToRetry = false;
          this.flush();
        },
        { unref: true },
      );
    } else {
      // Any other refusal is final (the task was deleted, or is not this daemon's): keeping the lines would hold the
      // task, and its completion, here for ever.
      console.error(`[relay] server refused ${lines.length} lines of task ${this.taskId}: ${answer.error}`);
      this.acknowledge(lastSeq);
    }
  }

  /** The server has every line up to `seq`: they are forgotten. */
  private acknowledge(seq: number): void {
    let stored = 0;
    while (stored < this.pending.length && this.pending[stored].seq <= seq) stored++;
    if (stored === 0) return;
    this.pending.splice(0, stored);
    this.sent = Math.max(0, this.sent - stored);
    if (this.pending.length === 0) this.drainWaiters.splice(0).forEach((resolve) => resolve());
  }

  /** What is on its way no longer counts: everything not acknowledged is sent again. */
  private giveUpInFlight(): void {
    this.round++;
    this.sent = 0;
    this.inFlight = 0;
    this.inFlightChars = 0;
  }
}
