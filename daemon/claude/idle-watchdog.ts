import { formatDuration } from "../../lib/shared/stream/format";
import { obj, str } from "../../lib/shared/stream/fields";
import type { ClaudeLine } from "./line-pipeline";

/**
 * Notices a claude that has gone quiet mid-task: stuck on a hung request or a dead connection it never gives up on,
 * it would hold its task and a daemon slot for ever. Silence while a tool call is open is a tool at work (a long build,
 * a subagent: its lines carry `parent_tool_use_id`, and the Task call stays open meanwhile), and silence while claude
 * waits for a person's approval is the person's time: neither counts.
 */

export const DEFAULT_IDLE_TIMEOUT_MS = 20 * 60_000;

export interface IdleWatchdogOptions {
  /** Silence before the warning; twice this before the stop. 0 turns the watchdog off. */
  idleTimeoutMs: number;
  onWarn: (silentMs: number) => void;
  onIdle: (silentMs: number) => void;
}

export class IdleWatchdog {
  /** The ids of the tool_use blocks whose tool_result has not come yet. */
  private readonly openToolCalls = new Set<string>();
  private waitingForPerson = false;
  private stopped = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The warning is out: `timer` is the stop's. */
  private warned = false;

  constructor(private readonly options: IdleWatchdogOptions) {}

  /** The clock starts with the run (a claude silent from the start is silent too). */
  start(): void {
    this.restartClock();
  }

  /** Any line of claude's, on stdout or stderr: the silence is over. */
  sawLine(line: Pick<ClaudeLine, "kind" | "message">): void {
    this.track(line);
    this.restartClock();
  }

  /** Whether claude waits for a person's answer (the control channel's `waitingChanged`). */
  waitingChanged(waiting: boolean): void {
    this.waitingForPerson = waiting;
    this.restartClock();
  }

  stop(): void {
    this.stopped = true;
    this.clear();
  }

  private track({ kind, message }: Pick<ClaudeLine, "kind" | "message">): void {
    // A result ends the turn: none of its calls still runs, even one whose result claude never printed.
    if (kind === "result") this.openToolCalls.clear();
    if (kind !== "assistant" && kind !== "user") return;
    const content = obj(message?.message)?.content;
    if (!Array.isArray(content)) return;
    for (const value of content) {
      const block = obj(value);
      const opened = kind === "assistant" && block?.type === "tool_use" ? str(block.id) : null;
      const closed = kind === "user" && block?.type === "tool_result" ? str(block.tool_use_id) : null;
      if (opened) this.openToolCalls.add(opened);
      if (closed) this.openToolCalls.delete(closed);
    }
  }

  private restartClock(): void {
    const { idleTimeoutMs, onWarn, onIdle } = this.options;
    if (this.stopped || idleTimeoutMs === 0 || this.waitingForPerson || this.openToolCalls.size > 0)
      return this.clear();
    // Every line restarts the clock: before the warning, the timer is only moved on (not a new timer for each line).
    if (this.timer !== undefined && !this.warned) {
      this.timer.refresh();
      return;
    }
    this.clear();
    this.timer = setTimeout(() => {
      this.warned = true;
      onWarn(idleTimeoutMs);
      this.timer = setTimeout(() => {
        this.stop();
        onIdle(2 * idleTimeoutMs);
      }, idleTimeoutMs);
    }, idleTimeoutMs);
  }

  private clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.warned = false;
  }
}

/** "20 min" for whole minutes (the default's), else as durations read elsewhere ("0.4 s", "1 min 30 s"). */
export function formatSilence(ms: number): string {
  return ms > 0 && ms % 60_000 === 0 ? `${ms / 60_000} min` : (formatDuration(ms) ?? `${ms} ms`);
}

export function idleWarning(silentMs: number): string {
  return `Warning: claude has printed nothing for ${formatSilence(silentMs)} with no tool call running; it is stopped if it stays silent for ${formatSilence(2 * silentMs)}`;
}

export function idleStopNotice(silentMs: number): string {
  return `Stopping claude: it has printed nothing for ${formatSilence(silentMs)} with no tool call running`;
}

/** The task's error when the watchdog stopped its claude. */
export function idleStopError(silentMs: number): string {
  return `No output for ${formatSilence(silentMs)}`;
}
