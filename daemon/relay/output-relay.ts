import { jsonTypeOf } from "../../lib/stream/json-type";
import type { OutputLine, OutputStream } from "../../lib/protocol/daemon";
import type { RelayTransport } from "./transport";

export interface OutputRelayOptions {
  /** Most lines in one `taskOutput` message. */
  maxBatch?: number;
}

/**
 * Numbers a task's output lines (seq 1, 2, 3 …) and delivers them to the server in batches, keeping
 * every line until the server acknowledges it has stored it. One batch is in flight at a time; lines
 * printed meanwhile wait and form the next batch. After a reconnect, `resume()` sends again everything
 * not acknowledged; the server drops what it already stored, so nothing is lost or doubled.
 */
export class OutputRelay {
  private nextSeq = 1;
  private pending: OutputLine[] = [];
  private sending = false;
  private drainWaiters: Array<() => void> = [];
  private readonly maxBatch: number;

  constructor(
    readonly taskId: string,
    private readonly transport: RelayTransport,
    options: OutputRelayOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 2000;
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

  private async flush(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.pending.length > 0 && this.transport.isReady()) {
        const batch = this.pending.slice(0, this.maxBatch);
        let ackedSeq: number | undefined;
        try {
          const answer = await this.transport.send({ type: "taskOutput", taskId: this.taskId, lines: batch });
          if (!answer.ok) {
            console.error(`[relay] server refused output of task ${this.taskId}: ${answer.error}`);
            return;
          }
          ackedSeq = answer.ackedSeq;
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
