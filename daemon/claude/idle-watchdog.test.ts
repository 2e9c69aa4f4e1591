import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  DEFAULT_IDLE_TIMEOUT_MS,
  formatSilence,
  IdleWatchdog,
  idleStopError,
  idleStopNotice,
  idleWarning,
} from "./idle-watchdog";
import { classifyLine } from "./line-pipeline";

const T = 1000;

const stdout = (message: object) => classifyLine("stdout", JSON.stringify(message));
const assistant = (block: object, parent: string | null = null) =>
  stdout({ type: "assistant", message: { role: "assistant", content: [block] }, parent_tool_use_id: parent });
const text = (words: string) => assistant({ type: "text", text: words });
const toolUse = (id: string, name = "Bash", parent: string | null = null) =>
  assistant({ type: "tool_use", id, name, input: {} }, parent);
const toolResult = (id: string, parent: string | null = null) =>
  stdout({
    type: "user",
    message: { role: "user", content: [{ type: "tool_result", tool_use_id: id, content: "ok" }] },
    parent_tool_use_id: parent,
  });

function started(idleTimeoutMs = T) {
  const onWarn = vi.fn();
  const onIdle = vi.fn();
  const watchdog = new IdleWatchdog({ idleTimeoutMs, onWarn, onIdle });
  watchdog.start();
  return { watchdog, onWarn, onIdle };
}

describe("IdleWatchdog: the clock", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("warns once after the timeout of silence and gives up on claude after twice that", () => {
    const { onWarn, onIdle } = started();
    vi.advanceTimersByTime(T - 1);
    expect(onWarn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onWarn).toHaveBeenCalledExactlyOnceWith(T);
    vi.advanceTimersByTime(T - 1);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledExactlyOnceWith(2 * T);
    expect(onWarn).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("starts again from zero on any line, stderr too, even after the warning", () => {
    const { watchdog, onWarn, onIdle } = started();
    vi.advanceTimersByTime(T - 1);
    watchdog.sawLine(text("still here"));
    vi.advanceTimersByTime(T - 1);
    watchdog.sawLine(classifyLine("stderr", "some noise"));
    vi.advanceTimersByTime(T - 1);
    expect(onWarn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onWarn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(T - 1);
    watchdog.sawLine(text("back"));
    vi.advanceTimersByTime(2 * T - 1);
    expect(onIdle).not.toHaveBeenCalled();
    expect(onWarn).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it("is not idle while a tool call is open, and is again from its result on", () => {
    const { watchdog, onWarn, onIdle } = started();
    watchdog.sawLine(toolUse("toolu_1"));
    vi.advanceTimersByTime(10 * T);
    expect(onWarn).not.toHaveBeenCalled();
    watchdog.sawLine(toolResult("toolu_1"));
    vi.advanceTimersByTime(T);
    expect(onWarn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(T);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it("waits for every open call: parallel calls, and a subagent's lines inside its Task call", () => {
    const { watchdog, onWarn } = started();
    watchdog.sawLine(toolUse("toolu_a"));
    watchdog.sawLine(toolUse("toolu_task", "Task"));
    watchdog.sawLine(toolResult("toolu_a"));
    // The subagent's own call opens and closes while the Task call stays open.
    watchdog.sawLine(toolUse("toolu_sub", "Read", "toolu_task"));
    watchdog.sawLine(toolResult("toolu_sub", "toolu_task"));
    watchdog.sawLine(toolResult("toolu_unknown"));
    vi.advanceTimersByTime(10 * T);
    expect(onWarn).not.toHaveBeenCalled();
    watchdog.sawLine(toolResult("toolu_task"));
    vi.advanceTimersByTime(T);
    expect(onWarn).toHaveBeenCalledTimes(1);
  });

  it("takes a result as the end of every call of the turn", () => {
    const { watchdog, onWarn } = started();
    watchdog.sawLine(toolUse("toolu_never_answered"));
    watchdog.sawLine(stdout({ type: "result", subtype: "success", is_error: false, result: "done" }));
    vi.advanceTimersByTime(T);
    expect(onWarn).toHaveBeenCalledTimes(1);
  });

  it("is not idle while claude waits for a person's approval; the clock starts over when the wait ends", () => {
    const { watchdog, onWarn, onIdle } = started();
    vi.advanceTimersByTime(T);
    expect(onWarn).toHaveBeenCalledTimes(1);
    watchdog.waitingChanged(true);
    vi.advanceTimersByTime(10 * T);
    // A line while waiting (the control_request itself, say) does not start the clock.
    watchdog.sawLine(text("asked"));
    vi.advanceTimersByTime(10 * T);
    expect(onIdle).not.toHaveBeenCalled();
    watchdog.waitingChanged(false);
    vi.advanceTimersByTime(T - 1);
    expect(onWarn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(T + 1);
    expect(onWarn).toHaveBeenCalledTimes(2);
    expect(onIdle).toHaveBeenCalledExactlyOnceWith(2 * T);
  });

  it("does nothing after stop(), nor when the timeout is 0", () => {
    const stopped = started();
    stopped.watchdog.stop();
    stopped.watchdog.sawLine(text("late"));
    const off = started(0);
    off.watchdog.sawLine(text("hello"));
    off.watchdog.waitingChanged(false);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(DEFAULT_IDLE_TIMEOUT_MS * 10);
    for (const { onWarn, onIdle } of [stopped, off]) {
      expect(onWarn).not.toHaveBeenCalled();
      expect(onIdle).not.toHaveBeenCalled();
    }
  });
});

describe("the idle watchdog's words", () => {
  it("says minutes as minutes, and shorter or odd spans as durations", () => {
    expect(formatSilence(DEFAULT_IDLE_TIMEOUT_MS)).toBe("20 min");
    expect(formatSilence(400)).toBe("0.4 s");
    expect(formatSilence(90_000)).toBe("1 min 30 s");
  });

  it("has the warning, the stop notice and the task's error", () => {
    expect(idleWarning(20 * 60_000)).toBe(
      "Warning: claude has printed nothing for 20 min with no tool call running; it is stopped if it stays silent for 40 min",
    );
    expect(idleStopNotice(40 * 60_000)).toBe(
      "Stopping claude: it has printed nothing for 40 min with no tool call running",
    );
    expect(idleStopError(40 * 60_000)).toBe("No output for 40 min");
  });
});
