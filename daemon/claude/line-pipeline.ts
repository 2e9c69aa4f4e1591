import { iterationTextParts } from "../../lib/shared/loop/iteration-text";
import type { OutputStream } from "../../lib/shared/protocol/daemon";
import type { StreamEntry, StreamEntryOf } from "../../lib/shared/stream/entry";
import { jsonTypeOfObject, parseJsonObject, type JsonObject } from "../../lib/shared/stream/json-type";
import { normalizeParsedStdoutLine } from "../../lib/shared/stream/normalize";
import { entriesShowLostLogin, stderrShowsLostLogin } from "../auth/login-detector";
import type { OutputRelay } from "../relay/output-relay";
import type { SecretRedactor } from "../relay/secret-redactor";
import { apiFailureOf, apiRetryOf, type ApiRetry } from "./api-trouble";
import { MAX_PARTIAL_CHARS, PartialMessages, type PartialText } from "./partial-messages";
import { usageLimitOf, type UsageLimit } from "./usage-limit";

/** The streams claude prints on. */
export type ClaudeStream = Extract<OutputStream, "stdout" | "stderr">;

/**
 * What a line is, for the daemon: a stream-json message by its `type` (`control_request` is one claude sends when
 * it asks its caller something, `control_cancel_request` one that withdraws such a question, `rate_limit_event` one
 * on the subscription's usage, `stream_event` a piece of a message being written), a stdout line that is not a
 * JSON object (`text`), or a stderr line.
 */
export type ClaudeLineKind =
  | "system"
  | "assistant"
  | "user"
  | "result"
  | "control_request"
  | "control_cancel_request"
  | "rate_limit_event"
  | "stream_event"
  | "otherJson"
  | "text"
  | "stderr";

const KNOWN_TYPES = new Set<string>([
  "system",
  "assistant",
  "user",
  "result",
  "control_request",
  "control_cancel_request",
  "rate_limit_event",
  "stream_event",
]);

/** The types whose entries the daemon reads (the session id, assistant text, the result); the rest are only relayed. */
const READ_TYPES = new Set<string>(["system", "assistant", "result"]);

/** One line of claude's, redacted, parsed once and classified: what every consumer on the daemon reads. */
export interface ClaudeLine {
  stream: ClaudeStream;
  /** The line with the secrets of claude's environment taken out: all anyone sees of it. */
  line: string;
  /** Its stream-json `type` as relayed (`OutputLine.jsonType`): null on stderr, for non-JSON and for odd types. */
  jsonType: string | null;
  /** The stream-json message (stdout only): null for anything that is not a JSON object. */
  message: JsonObject | null;
  kind: ClaudeLineKind;
  /** The line's normalised entries, for `system`, `assistant` and `result` messages; empty for every other line. */
  entries: StreamEntry[];
  /** The session id of a `system`/`init` line. */
  sessionId: string | null;
  /** The run's `result` line, read. */
  result: StreamEntryOf<"result"> | null;
  /** What the autonomous loop reads for its completion gate: assistant text blocks and the result's text. */
  loopText: string[];
  /** The line says claude's login is gone (daemon/auth/login-detector.ts says which lines do). */
  loginLost: boolean;
  /** The line says the subscription's usage limit is reached (./usage-limit.ts says which lines do). */
  usageLimit: UsageLimit | null;
  /** claude waits to try an API request again (./api-trouble.ts). */
  apiRetry: ApiRetry | null;
  /** claude gave up on the API for a transient reason (overloaded, a server error): worth another run later. */
  apiFailure: string | null;
}

/** A line after the pipeline: numbered by the relay, or, a piece of a message being written, folded instead. */
export interface NumberedClaudeLine extends ClaudeLine {
  /** null for a `stream_event`: it is neither numbered nor stored (claude's final message is). */
  seq: number | null;
  /** A `stream_event`'s block as written so far, redacted as a whole (null when the event changed no text). */
  live: PartialText | null;
}

/** Classifies a line already redacted: parses it (stdout) once and reads what the daemon needs from it. */
export function classifyLine(stream: ClaudeStream, line: string): ClaudeLine {
  const none = {
    entries: [],
    sessionId: null,
    result: null,
    loopText: [],
    usageLimit: null,
    apiRetry: null,
    apiFailure: null,
  };
  if (stream === "stderr") {
    return {
      stream,
      line,
      jsonType: null,
      message: null,
      kind: "stderr",
      ...none,
      loginLost: stderrShowsLostLogin(line),
    };
  }
  const message = parseJsonObject(line);
  const jsonType = jsonTypeOfObject(message);
  const kind: ClaudeLineKind = !message
    ? "text"
    : jsonType !== null && KNOWN_TYPES.has(jsonType)
      ? (jsonType as ClaudeLineKind)
      : "otherJson";
  // Signs of trouble any message type can carry (a rate_limit_event, an assistant error, a result's text).
  const trouble = { usageLimit: usageLimitOf(message), apiFailure: apiFailureOf(message) };
  if (jsonType === null || !READ_TYPES.has(jsonType)) {
    // Neither the login check nor the loop counts anything but system, assistant and result messages.
    return { stream, line, jsonType, message, kind, ...none, ...trouble, loginLost: false };
  }
  if (jsonType === "assistant") return new AssistantLine(line, message!, trouble);
  const entries = normalizeParsedStdoutLine({ seq: 0, line }, message);
  let sessionId: string | null = null;
  let result: StreamEntryOf<"result"> | null = null;
  for (const entry of entries) {
    if (entry.kind === "init" && entry.sessionId) sessionId = entry.sessionId;
    if (entry.kind === "result") result = entry;
  }
  return {
    stream,
    line,
    jsonType,
    message,
    kind,
    entries,
    sessionId,
    result,
    loopText: iterationTextParts(entries),
    loginLost: entriesShowLostLogin(line, () => entries),
    ...trouble,
    apiRetry: apiRetryOf(message),
  };
}

/**
 * An assistant line: most of claude's lines. Its entries are read only by the autonomous loop (its text) and, for a
 * line that mentions a lost login, the login check, so they are worked out on first use; normalising every one for
 * nothing would cost the relay. A class rather than an object with getters: one is made for every line.
 */
class AssistantLine implements ClaudeLine {
  readonly stream = "stdout";
  readonly jsonType = "assistant";
  readonly kind = "assistant";
  readonly sessionId = null;
  readonly result = null;
  readonly apiRetry = null;
  readonly loginLost: boolean;
  readonly usageLimit: UsageLimit | null;
  readonly apiFailure: string | null;
  private normalized: StreamEntry[] | undefined;

  constructor(
    readonly line: string,
    readonly message: JsonObject,
    trouble: { usageLimit: UsageLimit | null; apiFailure: string | null },
  ) {
    this.usageLimit = trouble.usageLimit;
    this.apiFailure = trouble.apiFailure;
    this.loginLost = entriesShowLostLogin(line, () => this.entries);
  }

  get entries(): StreamEntry[] {
    return (this.normalized ??= normalizeParsedStdoutLine({ seq: 0, line: this.line }, this.message));
  }

  get loopText(): string[] {
    return iterationTextParts(this.entries);
  }
}

/**
 * The one way a line of claude's goes on the daemon: redacted first (nothing sees it before), then parsed once and
 * classified (`classifyLine`), then numbered by the output relay; the run, the login detector and the loop read the
 * value it returns. A `stream_event` is folded into the text being written instead (`PartialMessages`), which is
 * redacted again as a whole: a secret split across deltas is whole only there. Later work that needs to know
 * something of a line adds it to `ClaudeLine`.
 */
export class ClaudeLinePipeline {
  private readonly partial = new PartialMessages();

  constructor(
    private readonly redactor: SecretRedactor,
    private readonly relay: Pick<OutputRelay, "push">,
  ) {}

  take(stream: ClaudeStream, printed: string): NumberedClaudeLine {
    const classified = classifyLine(stream, this.redactor.redact(printed));
    if (classified.kind === "stream_event")
      return Object.assign(classified, { seq: null, live: this.fold(classified.message!) });
    // Numbered in place: a copy would read (and so work out) what an assistant line's entries are.
    return Object.assign(classified, {
      seq: this.relay.push(stream, classified.line, classified.jsonType),
      live: null,
    });
  }

  private fold(message: JsonObject): PartialText | null {
    const live = this.partial.take(message);
    if (!live) return null;
    // Unfinished (or cut at its limit), the text may end in a secret's first characters: those are held back.
    const whole = live.done && live.text.length < MAX_PARTIAL_CHARS;
    const text = whole ? this.redactor.redact(live.text) : this.redactor.redactUnfinished(live.text);
    // Labels may be longer than the secrets they replace: the limit holds for what is sent too.
    return { ...live, text: text.slice(0, MAX_PARTIAL_CHARS) };
  }
}
