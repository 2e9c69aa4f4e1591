import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { exitedBeforeOutputMessage, STARTUP_WARNING, StartupWatchdog } from "./startup-watchdog";

describe("StartupWatchdog", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("warns exactly once when there is no output in time", () => {
    const onWarn = vi.fn();
    const watchdog = new StartupWatchdog({ warnAfterMs: 1000, onWarn });
    watchdog.start();
    vi.advanceTimersByTime(999);
    expect(onWarn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onWarn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60_000);
    watchdog.start();
    vi.advanceTimersByTime(60_000);
    expect(onWarn).toHaveBeenCalledTimes(1);
  });

  it("defaults to 30 seconds", () => {
    const onWarn = vi.fn();
    new StartupWatchdog({ onWarn }).start();
    vi.advanceTimersByTime(29_999);
    expect(onWarn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onWarn).toHaveBeenCalledTimes(1);
  });

  it("does not warn once output was seen", () => {
    const onWarn = vi.fn();
    const watchdog = new StartupWatchdog({ warnAfterMs: 1000, onWarn });
    watchdog.start();
    vi.advanceTimersByTime(500);
    watchdog.sawOutput();
    vi.advanceTimersByTime(10_000);
    expect(onWarn).not.toHaveBeenCalled();
  });

  it("does not warn after stop()", () => {
    const onWarn = vi.fn();
    const watchdog = new StartupWatchdog({ warnAfterMs: 1000, onWarn });
    watchdog.start();
    watchdog.stop();
    vi.advanceTimersByTime(10_000);
    expect(onWarn).not.toHaveBeenCalled();
  });

  it("does nothing before start()", () => {
    const onWarn = vi.fn();
    const watchdog = new StartupWatchdog({ warnAfterMs: 1000, onWarn });
    watchdog.sawOutput();
    vi.advanceTimersByTime(10_000);
    expect(onWarn).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("has the seed's warning text", () => {
    expect(STARTUP_WARNING).toBe(
      "Warning: Claude Code is taking longer than expected to start. It may be waiting for authentication or network access.",
    );
  });
});

describe("exitedBeforeOutputMessage", () => {
  it("reports the exit code", () => {
    expect(exitedBeforeOutputMessage(3, null)).toBe(
      "Error: Claude process exited unexpectedly with code 3 before printing anything",
    );
  });

  it("reports the signal when killed", () => {
    expect(exitedBeforeOutputMessage(null, "SIGKILL")).toBe(
      "Error: Claude process was killed by SIGKILL before printing anything",
    );
  });

  it("copes with neither", () => {
    expect(exitedBeforeOutputMessage(null, null)).toBe(
      "Error: Claude process exited unexpectedly with code unknown before printing anything",
    );
  });
});
