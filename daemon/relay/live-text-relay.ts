import type { LiveText } from "../../lib/shared/protocol/daemon";
import type { RelayTransport } from "./transport";

/** How often a task's live text goes to the server at most: smooth to read, a few messages a second. */
export const LIVE_TEXT_INTERVAL_MS = 50;

/**
 * Sends the text claude is writing to the server as it writes: the latest text of each block, at most every 50 ms per
 * task, a finished block at once. Best effort: while disconnected nothing is kept, since claude's final message is
 * stored and relayed reliably (OutputRelay) and replaces what was shown.
 */
export class LiveTextRelay {
  private readonly pending = new Map<string, LiveText>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly taskId: string,
    private readonly transport: RelayTransport,
    private readonly intervalMs = LIVE_TEXT_INTERVAL_MS,
  ) {}

  push(live: LiveText): void {
    this.pending.set(live.key, live);
    if (live.done) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  /** Drops what waits (the run has ended: its final lines say the rest). */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const ready = this.transport.isReady();
    for (const live of this.pending.values()) {
      if (ready)
        void this.transport.send({ type: "taskLiveText", taskId: this.taskId, ...live }).catch(() => undefined);
    }
    this.pending.clear();
  }
}
