/**
 * Notices a claude that prints nothing after starting: usually it is waiting for a login or for
 * the network, and the user should be told instead of watching an empty task.
 */

export const STARTUP_WARNING =
  "Warning: Claude Code is taking longer than expected to start. It may be waiting for authentication or network access.";

export const DEFAULT_STARTUP_WARN_AFTER_MS = 30_000;

export interface StartupWatchdogOptions {
  warnAfterMs?: number;
  onWarn: () => void;
}

export class StartupWatchdog {
  private readonly warnAfterMs: number;
  private readonly onWarn: () => void;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Once started, a watchdog warns at most once and never re-arms. */
  private started = false;

  constructor({ warnAfterMs = DEFAULT_STARTUP_WARN_AFTER_MS, onWarn }: StartupWatchdogOptions) {
    this.warnAfterMs = warnAfterMs;
    this.onWarn = onWarn;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.onWarn();
    }, this.warnAfterMs);
  }

  /** The process printed something: it started fine. */
  sawOutput(): void {
    this.stop();
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** What the task shows when claude ends before its first line of output. */
export function exitedBeforeOutputMessage(exitCode: number | null, signal: string | null): string {
  return signal
    ? `Error: Claude process was killed by ${signal} before printing anything`
    : `Error: Claude process exited unexpectedly with code ${exitCode ?? "unknown"} before printing anything`;
}
