import { jsonTypeOf } from "../../lib/shared/stream/json-type";
import type { OutputLine, OutputStream } from "../../lib/shared/protocol/daemon";
import { later } from "../../lib/shared/retry/backoff";
import { RETRY_AFTER_SERVER_ERROR_MS, type RelayTransport } from "./transport";

export interface OutputRelayOptions {
  /** Most lines in one `taskOutput` message (5000, the protocol's limit). */
  maxBatch?: number;
  /** Most characters of output in one message, unless a single line is longer (4 Mi: far below the server's 64 MiB message limit). */
  maxBatchChars?: number;
  /** The first line's seq: a task's continued run numbers on after the lines its earlier runs stored. */
  firstSeq?: number;
}

/**
 * Numbers a task's output lines (seq 1, 2, 3 …, or on from `firstSeq`) and delivers them to the server in batches, keeping
 * every line until the server acknowledges it has stored it. One batch is in flight at a time; lines
 * printed meanwhile wait and form the next batch, as large as allowed: with one batch in flight, the batch
 * size is what lets a task that prints fast catch up. After a reconnect, `resume()` sends again everything
 * not acknowledged; the server drops what it already stored, so nothing is lost or doubled.
 */
export class OutputRelay {
  private nextSeq: number;
  private pending: OutputLine[] = [];
  private sending = false;
  private drainWaiters: Array<() => void> = [];
  private readonly maxBatch: number;
  private readonly maxBatchChars: number;

  constructor(
    readonly taskId: string,
    private readonly transport: RelayTransport,
    options: OutputRelayOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 5000;
    this.maxBatchChars = options.maxBatchChars ?? 4 * 1024 * 1024;
    this.nextSeq = options.firstSeq ?? 1;
  }

  /** Queues one line, tagged with its stream-json type (worked out here unless the caller has it). Returns its seq. */
  push(stream: OutputStream, line: string, jsonType = stream === "stdout" ? jsonTypeOf(line) : null): number {
    const seq = this.nextSeq++;
    this.pending.push({ seq, stream, line, jsonType });
    if (!this.sending) queueMicrotask(() => void this.flush());
    return seq;
  }

  /** A notice from the daemon itself (watchdog, set-up steps, loop events). */
  system(text: string): number {
    return this.push("system", text);
  }

  get unacknowledged(): number {
    return this.pending.length;
  }

  /** Sends what is waiting, after a reconnect. */
  resume(): void {
    void this.flush();
  }

  /** Resolves once every line pushed so far is stored on the server. */
  drained(): Promise<void> {
    if (this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** The oldest pending lines, within the batch limits; always at least one. */
  private nextBatch(): OutputLine[] {
    let end = 1;
    let chars = this.pending[0].line.length;
    while (end < this.pending.length && end < this.maxBatch) {
      chars += this.pending[end].line.length;
      if (chars > this.maxBatchChars) break;
      end++;
    }
    return this.pending.slice(0, end);
  }

  private async flush(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.pending.length > 0 && this.transport.isReady()) {
        const batch = this.nextBatch();
        let ackedSeq: number | undefined;
        try {
          const answer = await this.transport.send({ type: "taskOutput", taskId: this.taskId, lines: batch });
          if (!answer.ok && answer.retryable) {
            later(RETRY_AFTER_SERVER_ERROR_MS, () => void this.flush(), { unref: true });
            return;
          }
          // Any other refusal is final (the task was deleted, or is not this daemon's): keeping the lines
          // would hold the task, and its completion, here for ever.
          ackedSeq = answer.ok ? answer.ackedSeq : batch[batch.length - 1].seq;
          if (!answer.ok)
            console.error(`[relay] server refused ${batch.length} lines of task ${this.taskId}: ${answer.error}`);
        } catch {
          return; // disconnected or timed out: resume() sends again after the reconnect
        }
        const upTo = ackedSeq ?? batch[batch.length - 1].seq;
        const firstKept = this.pending.findIndex((line) => line.seq > upTo);
        this.pending = firstKept === -1 ? [] : this.pending.slice(firstKept);
      }
    } finally {
      this.sending = false;
      if (this.pending.length === 0) this.drainWaiters.splice(0).forEach((resolve) => resolve());
    }
  }
}
