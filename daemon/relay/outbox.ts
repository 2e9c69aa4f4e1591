import type { DaemonMessage } from "../../lib/shared/protocol/daemon";
import { later } from "../../lib/shared/retry/backoff";
import { RETRY_AFTER_SERVER_ERROR_MS, type RelayTransport } from "./transport";

type ControlMessage = Exclude<DaemonMessage, { type: "authenticate" | "heartbeat" | "taskOutput" }>;

/**
 * Status reports that must reach the server exactly as sent and in order (a task's status changes and
 * its completion). Each waits in the queue until the server acknowledges it; a disconnect leaves it
 * there for `resume()` after the reconnect, and a passing server error has it sent again a second later.
 * The server applies them idempotently; a final refusal (an unknown task) is logged and dropped.
 */
export class Outbox {
  private queue: Array<{ message: ControlMessage; delivered: () => void }> = [];
  private sending = false;

  constructor(private readonly transport: RelayTransport) {}

  /** Queues a message; resolves when the server has it. */
  send(message: ControlMessage): Promise<void> {
    return new Promise((delivered) => {
      this.queue.push({ message, delivered });
      void this.flush();
    });
  }

  resume(): void {
    void this.flush();
  }

  private async flush(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.queue.length > 0 && this.transport.isReady()) {
        const [next] = this.queue;
        try {
          const answer = await this.transport.send(next.message);
          if (!answer.ok && answer.retryable) {
            later(RETRY_AFTER_SERVER_ERROR_MS, () => void this.flush(), { unref: true });
            return;
          }
          if (!answer.ok) console.error(`[outbox] server refused ${next.message.type}: ${answer.error}`);
        } catch {
          return;
        }
        this.queue.shift();
        next.delivered();
      }
    } finally {
      this.sending = false;
    }
  }
}
