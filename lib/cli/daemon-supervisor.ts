/**
 * `makima start`'s local daemon, kept running. A daemon that ends while makima start is not stopping it (a crash, an
 * out-of-memory kill, a kill -9) is started again after a wait that doubles from 1 s to 30 s, and is back to 1 s once
 * a daemon has stayed up a minute. Each start is told how many restarts came before it: the daemon reports the count
 * to the server, and the Daemons page shows it.
 */
import type { ChildProcess } from "node:child_process";
import { Backoff, later, type BackoffPolicy } from "../shared/retry/backoff";

const RESTART_BACKOFF: BackoffPolicy = { initialMs: 1_000, factor: 2, maxMs: 30_000 };
/** A daemon that ran this long was healthy: the wait before its restart starts again at 1 s. */
const HEALTHY_UPTIME_MS = 60_000;

/** The clock and the timer, which tests replace. */
export interface SupervisorTimers {
  now: () => number;
  later: (delayMs: number, run: () => void) => () => void;
}

export class DaemonSupervisor {
  private readonly backoff = new Backoff(RESTART_BACKOFF);
  private restarts = 0;
  /** The daemon's process while it runs. */
  private running?: ChildProcess;
  private cancelRestart?: () => void;
  private stopping = false;

  /** Starts the daemon at once; `spawnDaemon` is told how many restarts came before this start. */
  constructor(
    private readonly spawnDaemon: (restarts: number) => ChildProcess,
    private readonly timers: SupervisorTimers = { now: Date.now, later },
  ) {
    this.start();
  }

  private start(): void {
    const startedAt = this.timers.now();
    const child = this.spawnDaemon(this.restarts);
    this.running = child;
    const ended = (how: string) => {
      if (this.running !== child) return;
      this.running = undefined;
      if (!this.stopping) this.restartLater(how, this.timers.now() - startedAt);
    };
    child.once("exit", (code, signal) => ended(`exited (${signal ? `signal ${signal}` : `code ${code}`})`));
    // A process that could not be started at all (EAGAIN under load) emits an error and no exit.
    child.on("error", (error) => {
      if (child.pid === undefined) ended(`could not start (${error.message})`);
      else console.warn(`[server] the local daemon: ${error.message}`);
    });
    if (child.pid !== undefined) console.log(`[server] local daemon started (pid ${child.pid})`);
  }

  private restartLater(how: string, uptimeMs: number): void {
    if (uptimeMs >= HEALTHY_UPTIME_MS) this.backoff.reset();
    const delayMs = this.backoff.next();
    this.restarts++;
    console.warn(`[server] the local daemon ${how}; restarting it in ${delayMs / 1000} s (restart ${this.restarts})`);
    this.cancelRestart = this.timers.later(delayMs, () => {
      this.cancelRestart = undefined;
      this.start();
    });
  }

  /** Ends the daemon for good: SIGTERM, and SIGKILL after `timeoutMs`; a restart still waiting is dropped. */
  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    this.cancelRestart?.();
    const child = this.running;
    if (!child) return;
    await new Promise<void>((resolve) => {
      const cancelKill = this.timers.later(timeoutMs, () => {
        console.warn(`[server] the local daemon did not stop within ${timeoutMs / 1000} s: killing it`);
        child.kill("SIGKILL");
      });
      child.once("exit", () => {
        cancelKill();
        resolve();
      });
      child.kill("SIGTERM");
    });
  }
}
