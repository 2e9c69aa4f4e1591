import { spawn, type ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it, vi } from "vitest";
import { deferred, type Deferred } from "../../test/support/deferred";
import { DaemonSupervisor, type SupervisorTimers } from "./daemon-supervisor";

/** A stand-in for the daemon: a tiny node script. */
const standIn = (script: string): ChildProcess =>
  spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
const CRASH = "process.exit(3)";
const KILLED = "process.kill(process.pid, 'SIGKILL')";
/** Says "up" once its SIGTERM handler (exit 0) is in place, then runs until stopped. */
const STAYS_UP = "process.on('SIGTERM', () => process.exit(0)); console.log('up'); setInterval(() => {}, 1000)";
const IGNORES_SIGTERM = "process.on('SIGTERM', () => {}); console.log('up'); setInterval(() => {}, 1000)";

const up = (child: ChildProcess) => new Promise((resolve) => child.stdout!.once("data", resolve));

interface Timer {
  delayMs: number;
  run: () => void;
  cancelled: boolean;
}

/** A clock that moves only when told, and timers that fire only when the test fires them. */
class FakeTimers implements SupervisorTimers {
  clock = 0;
  private readonly waiting: Deferred<Timer>[] = [];
  private readonly set: Timer[] = [];

  now = () => this.clock;

  later = (delayMs: number, run: () => void) => {
    const timer = { delayMs, run, cancelled: false };
    const waiter = this.waiting.shift();
    if (waiter) waiter.resolve(timer);
    else this.set.push(timer);
    return () => (timer.cancelled = true);
  };

  /** The next timer set, once it is. */
  next(): Promise<Timer> {
    const timer = this.set.shift();
    if (timer) return Promise.resolve(timer);
    const waiter = deferred<Timer>();
    this.waiting.push(waiter);
    return waiter.promise;
  }
}

/** A supervisor of stand-ins (`scripts`, one per start, the last one repeated), with its timers, starts and log. */
const supervise = (...scripts: string[]) =>
  superviseWith((start) => standIn(scripts[Math.min(start, scripts.length - 1)]));

/** A supervisor whose `start`th start (0 for the first) runs what `spawnNth` spawns. */
function superviseWith(spawnNth: (start: number) => ChildProcess) {
  const timers = new FakeTimers();
  const starts: { restarts: number; child: ChildProcess }[] = [];
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  vi.spyOn(console, "log").mockImplementation(() => {});
  const supervisor = new DaemonSupervisor((restarts) => {
    const child = spawnNth(starts.length);
    starts.push({ restarts, child });
    return child;
  }, timers);
  const warnings = () => warn.mock.calls.map(([line]) => String(line));
  return { supervisor, timers, starts, warnings };
}

/** The next restart's wait, after which the restart is made. */
async function restart(timers: FakeTimers): Promise<number> {
  const timer = await timers.next();
  timer.run();
  return timer.delayMs;
}

afterEach(() => vi.restoreAllMocks());

describe("DaemonSupervisor", () => {
  it("restarts a crashing daemon after 1, 2, 4, 8, 16, then 30 s, telling each start its restart count", async () => {
    const { supervisor, timers, starts, warnings } = supervise(CRASH);
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) waits.push(await restart(timers));
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    expect(starts.map((start) => start.restarts)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(warnings().slice(0, 2)).toEqual([
      "[server] the local daemon exited (code 3); restarting it in 1 s (restart 1)",
      "[server] the local daemon exited (code 3); restarting it in 2 s (restart 2)",
    ]);
    await supervisor.stop(1_000);
  });

  it("names the signal that killed the daemon", async () => {
    const { supervisor, timers, warnings } = supervise(KILLED, STAYS_UP);
    expect(await restart(timers)).toBe(1_000);
    expect(warnings()).toEqual(["[server] the local daemon exited (signal SIGKILL); restarting it in 1 s (restart 1)"]);
    await supervisor.stop(1_000);
  });

  it("waits 1 s again after a daemon that stayed up a minute, and keeps counting restarts", async () => {
    const { supervisor, timers, starts, warnings } = supervise(CRASH, CRASH, STAYS_UP);
    expect([await restart(timers), await restart(timers)]).toEqual([1_000, 2_000]);
    const third = starts[2].child;
    await up(third);
    timers.clock += 60_000;
    third.kill("SIGKILL");
    expect(await restart(timers)).toBe(1_000);
    expect(warnings()[2]).toBe("[server] the local daemon exited (signal SIGKILL); restarting it in 1 s (restart 3)");
    expect(starts.map((start) => start.restarts)).toEqual([0, 1, 2, 3]);
    await supervisor.stop(1_000);
  });

  it("stops a running daemon with SIGTERM and does not restart it", async () => {
    const { supervisor, timers, starts, warnings } = supervise(STAYS_UP);
    const { child } = starts[0];
    await up(child);
    await supervisor.stop(1_000);
    expect({ code: child.exitCode, signal: child.signalCode }).toEqual({ code: 0, signal: null });
    const killTimer = await timers.next();
    expect(killTimer).toMatchObject({ delayMs: 1_000, cancelled: true });
    expect(starts).toHaveLength(1);
    expect(warnings()).toEqual([]);
  });

  it("kills a daemon that ignores SIGTERM once the timeout is over", async () => {
    const { supervisor, timers, starts, warnings } = supervise(IGNORES_SIGTERM);
    const { child } = starts[0];
    await up(child);
    const stopped = supervisor.stop(15_000);
    const killTimer = await timers.next();
    expect(killTimer.delayMs).toBe(15_000);
    killTimer.run();
    await stopped;
    expect(child.signalCode).toBe("SIGKILL");
    expect(warnings()).toEqual(["[server] the local daemon did not stop within 15 s: killing it"]);
    expect(starts).toHaveLength(1);
  });

  it("drops the restart still waiting when it is stopped", async () => {
    const { supervisor, timers, starts } = supervise(CRASH);
    const timer = await timers.next();
    await supervisor.stop(1_000);
    expect(timer.cancelled).toBe(true);
    expect(starts).toHaveLength(1);
  });

  it("retries a daemon that could not be started", async () => {
    const { supervisor, timers, starts, warnings } = superviseWith((start) =>
      start === 0 ? spawn("/nonexistent/makima") : standIn(STAYS_UP),
    );
    expect(await restart(timers)).toBe(1_000);
    expect(warnings()).toEqual([
      "[server] the local daemon could not start (spawn /nonexistent/makima ENOENT); restarting it in 1 s (restart 1)",
    ]);
    expect(starts.map((start) => start.restarts)).toEqual([0, 1]);
    await supervisor.stop(1_000);
  });
});
