import type { StreamEntryOf } from "../../lib/shared/stream/entry";
import { userMessageLine } from "../claude/args";
import type { PermissionResult } from "../../lib/shared/protocol/claude-control";
import { ClaudeProcess, type ClaudeExit, type CommandWrapper } from "../claude/claude-process";
import { ControlChannel, type ControlChannelEvents } from "../claude/control-channel";
import { ClaudeLinePipeline, type NumberedClaudeLine } from "../claude/line-pipeline";
import { IdleWatchdog, idleStopError, idleStopNotice, idleWarning } from "../claude/idle-watchdog";
import { STARTUP_WARNING, StartupWatchdog, exitedBeforeOutputMessage } from "../claude/startup-watchdog";
import type { OutputRelay } from "../relay/output-relay";
import { SecretRedactor } from "../relay/secret-redactor";
import { apiRetryNotice } from "../claude/api-trouble";
import type { UsageLimit } from "../claude/usage-limit";
import type { PartialText } from "../claude/partial-messages";

export interface ClaudeRunResult {
  exit: ClaudeExit;
  /** The run's `result` line, when claude printed one. */
  result: StreamEntryOf<"result"> | null;
  sessionId: string | null;
  printedAnything: boolean;
  lastStderrLine: string | null;
  /** The run hit the subscription's usage limit (the last sign of it claude printed). */
  usageLimit: UsageLimit | null;
  /** claude gave up on the API for a transient reason (overloaded, a server error). */
  apiFailure: string | null;
  /** The idle watchdog stopped claude: the task's error ("No output for 40 min"). */
  idleStopped: string | null;
}

export interface ClaudeRunOptions {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The bubblewrap sandbox claude runs in, when the daemon has it enabled. */
  wrapper?: CommandWrapper;
  prompt: string;
  relay: OutputRelay;
  startupWarningMs: number;
  /** Silence (no tool call open, no approval awaited) before a warning; twice this stops claude. 0: never. */
  idleTimeoutMs: number;
  /** Receives the session as soon as the process exists, so it can be stopped or sent messages. */
  onStarted: (session: ClaudeSession) => void;
  /**
   * Sees every stdout and stderr line after it is relayed: redacted, parsed and classified once by the line pipeline
   * (the login detector and the autonomous loop read it).
   */
  onLine?: (line: NumberedClaudeLine) => void;
  /** The text claude is writing, a block at a time (its stream_event lines folded and redacted by the pipeline). */
  onLive?: (live: PartialText) => void;
  /** Where claude's permission requests go (started with `--permission-prompt-tool stdio`). */
  control: ControlChannelEvents;
}

/** A running claude as the rest of the daemon sees it. */
export interface ClaudeSession {
  /** The process (the head of its group); undefined when it never started. */
  pid: number | undefined;
  /** Queues a user message; false once claude's input is closed. */
  sendMessage(text: string): boolean;
  /** A person's answer to one of claude's permission requests; false when claude no longer waits for it. */
  answerApproval(requestId: string, result: PermissionResult): boolean;
  stop(options?: { graceMs?: number }): Promise<unknown>;
}

/**
 * One run of claude: sends the prompt, relays every line with the secrets of its environment redacted, and closes
 * stdin once every message sent has been answered by a `result` line (claude waits for more input otherwise);
 * watches for a silent start, and stops a claude silent for too long (IdleWatchdog).
 */
export async function runClaude(options: ClaudeRunOptions): Promise<ClaudeRunResult> {
  const { relay } = options;
  const run: Omit<ClaudeRunResult, "exit"> = {
    result: null,
    sessionId: null,
    printedAnything: false,
    lastStderrLine: null,
    usageLimit: null,
    apiFailure: null,
    idleStopped: null,
  };
  let unansweredMessages = 0;
  // Each line is redacted before anything sees it: what is taken from it (the last stderr line, the result's text)
  // is stored too, as the task's error.
  const redactor = SecretRedactor.fromEnvironment(options.env);
  const pipeline = new ClaudeLinePipeline(redactor, relay);
  const watchdog = new StartupWatchdog({
    warnAfterMs: options.startupWarningMs,
    onWarn: () => relay.system(STARTUP_WARNING),
  });
  const idle = new IdleWatchdog({
    idleTimeoutMs: options.idleTimeoutMs,
    onWarn: (silentMs) => relay.system(idleWarning(silentMs)),
    onIdle: (silentMs) => {
      run.idleStopped = idleStopError(silentMs);
      relay.system(idleStopNotice(silentMs));
      void claude.stop();
    },
  });

  // Answers go to claude's stdin; lines only arrive once the process below has started.
  const control = new ControlChannel((line) => claude.writeLine(line), {
    ...options.control,
    waitingChanged(waiting) {
      idle.waitingChanged(waiting);
      options.control.waitingChanged(waiting);
    },
  });
  const claude = ClaudeProcess.start({
    command: options.command,
    args: options.args,
    cwd: options.cwd,
    env: options.env,
    wrapper: options.wrapper,
    onLine(stream, printed) {
      const line = pipeline.take(stream, printed);
      run.printedAnything = true;
      watchdog.sawOutput();
      idle.sawLine(line);
      if (stream === "stderr") run.lastStderrLine = line.line;
      options.onLine?.(line);
      control.take(line);
      if (line.sessionId) run.sessionId = line.sessionId;
      if (line.usageLimit) run.usageLimit = line.usageLimit;
      if (line.apiFailure) run.apiFailure = line.apiFailure;
      if (line.apiRetry) relay.system(apiRetryNotice(line.apiRetry));
      if (line.live) options.onLive?.(line.live);
      if (line.result) {
        run.result = line.result;
        unansweredMessages = Math.max(0, unansweredMessages - 1);
        if (unansweredMessages === 0) claude.closeStdin();
      }
    },
  });
  const sendMessage = (text: string) => {
    if (!claude.writeLine(userMessageLine(text))) return false;
    unansweredMessages++;
    return true;
  };
  options.onStarted({
    pid: claude.pid,
    sendMessage,
    answerApproval: (requestId, result) => control.answer(requestId, result),
    stop: (stopOptions) => {
      // A stop under way is not silence to act on.
      idle.stop();
      return claude.stop(stopOptions);
    },
  });
  watchdog.start();
  idle.start();
  sendMessage(options.prompt);
  const exit = await claude.exited;
  idle.stop();
  control.exited();
  watchdog.stop();
  if (exit.spawnError) relay.system(redactor.redact(`Error: ${exit.spawnError}`));
  else if (!run.printedAnything) relay.system(exitedBeforeOutputMessage(exit.exitCode, exit.signal));
  return { ...run, exit };
}
