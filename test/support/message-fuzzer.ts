import type { z } from "zod";
import { DaemonEvent, DaemonMessage, OutputStream, type OutputLine } from "../../lib/shared/protocol/daemon";
import { UiEvent } from "../../lib/shared/protocol/ui";
import { Rng } from "./rng";

/**
 * Seeded messages for fuzzing the server's sockets (test/integration/protocol-fuzz.test.ts). Each one starts as a
 * valid message of its kind, built from the protocol's shapes (lib/shared/protocol/daemon.ts and ui.ts) with real
 * and made-up task ids, and most are then mutated: fields dropped, added or of the wrong type, huge strings, deep
 * nesting, edge numbers (NaN, Infinity, negative, zero, huge), unicode and NUL bytes, arrays past their limits,
 * non-object payloads, prototype keys (`__proto__`, `constructor`), a missing, misplaced or payload-less ack. The
 * same seed gives the same messages, so a failing run can be replayed.
 */

/** The real things the valid messages refer to. */
export interface FuzzTargets {
  /** The fuzzing daemon's valid API key and machine id. */
  apiKey: string;
  machineId: string;
  /** Tasks assigned to the fuzzing daemon. */
  ownTaskIds: string[];
  /** Real tasks of another daemon: the fuzzing daemon must not touch them. */
  foreignTaskIds: string[];
  contractIds: string[];
}

/** One emit: `args` go before the ack callback, when there is one. */
export interface FuzzEmit {
  event: string;
  args: unknown[];
  /** Send with an ack callback and expect an answer. */
  acked: boolean;
  /** What it started as: a DaemonMessage type or a /ui event name. */
  kind: string;
  /** The mutations applied, empty for a valid message. */
  mutations: string[];
  /**
   * `fresh`: an authenticate for a socket of its own (any key, a new machine), or one with another key: a refused
   * key ends the connection it came on.
   */
  channel: "session" | "fresh";
}

type Json = unknown;
/** Whose authenticate it is: the fuzzing daemon's, another machine's on its connection, or a fresh socket's. */
type Identity = "own" | "otherMachine" | "fresh";
type Path = (string | number)[];

type DaemonMessageInput = z.input<typeof DaemonMessage>;
type DaemonMessageType = DaemonMessageInput["type"];
type MessageSchema = (typeof DaemonMessage.options)[number];

/** Every DaemonMessage type, read from the protocol's schema. */
export const DAEMON_MESSAGE_TYPES: DaemonMessageType[] = DaemonMessage.options.map((option) => option.shape.type.value);

type ShapeOf<T extends DaemonMessageType> = Extract<MessageSchema, { shape: { type: z.ZodLiteral<T> } }>["shape"];

/** The schema's fields of one message type, for the values of its enums. */
function shape<T extends DaemonMessageType>(type: T): ShapeOf<T> {
  const option = DaemonMessage.options.find((candidate) => candidate.shape.type.value === type);
  if (!option) throw new Error(`No DaemonMessage of type ${type}`);
  return option.shape as unknown as ShapeOf<T>;
}

const DAEMON_MESSAGE_WEIGHTS: Partial<Record<DaemonMessageType, number>> = {
  authenticate: 2,
  heartbeat: 8,
  taskOutput: 30,
  approvalRequest: 10,
  approvalWithdrawn: 8,
  taskStatusChange: 12,
  taskComplete: 8,
  cleanupWorktreeResult: 6,
  authenticationRequired: 6,
  worktreeInventory: 6,
};

/** The client→server events the UiHub listens to, and whether each takes an ack. */
export const UI_CLIENT_EVENTS = [
  { event: UiEvent.subscribeTask, acked: true },
  { event: UiEvent.unsubscribeTask, acked: false },
  { event: UiEvent.subscribeContract, acked: true },
  { event: UiEvent.unsubscribeContract, acked: false },
  { event: UiEvent.subscribeDaemons, acked: true },
  { event: UiEvent.subscribeNotifications, acked: true },
] as const;

const STREAMS = Object.values(OutputStream.enum);
const WEIRD_STRINGS = [
  "",
  " ",
  "\u0000",
  "nul\u0000in\u0000the\u0000middle",
  "\ud800",
  "\udfff\ud800",
  "\uffff\ufffe",
  "😀👍🏽👨‍👩‍👧",
  "\u202eevil\u202c",
  "\u2028\u2029",
  "e\u0301\u0301\u0301",
  "'; DROP TABLE Task; --",
  "../../../../etc/passwd",
  "%s%n%x",
  "${process.exit()}",
  "<script>alert(1)</script>",
  "__proto__",
  "constructor",
  "null",
  "NaN",
  "Infinity",
  "-1",
  "1e309",
  "true",
];
/** NaN and ±Infinity travel as null in JSON; the strings and the extremes are what else a number field may get. */
const EDGE_NUMBERS = [
  NaN,
  Infinity,
  -Infinity,
  0,
  -0,
  -1,
  0.5,
  -0.5,
  1.5,
  2 ** 31 - 1,
  2 ** 31,
  2 ** 32,
  -(2 ** 31) - 1,
  2 ** 53,
  Number.MAX_SAFE_INTEGER,
  -Number.MAX_SAFE_INTEGER,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  1e21,
  "1",
  "NaN",
  "Infinity",
];
const PROTO_KEYS = ["__proto__", "constructor", "prototype"];
const TOOLS = ["Bash", "Edit", "Write", "Read", "ExitPlanMode", "AskUserQuestion", "WebFetch", "mcp__x__y"];
const MUTATIONS = [
  "drop",
  "add",
  "retype",
  "hugeString",
  "deepNest",
  "edgeNumber",
  "weirdString",
  "overflowArray",
  "protoKeys",
  "nonObject",
  "retag",
] as const;
type Mutation = (typeof MUTATIONS)[number];

export interface FuzzerOptions {
  /** Share of the messages that go to `/daemon`; the rest go to `/ui`. */
  daemonShare?: number;
  /** Strings of 1–4 MB to send at most (each costs a few MB of traffic, and more if it is stored and read back). */
  megabyteStrings?: number;
  /** Share of the messages sent as generated, unmutated. */
  validShare?: number;
}

export class MessageFuzzer {
  private readonly rng: Rng;
  /** Task ids no task has: nothing may be stored for them. */
  readonly madeUpTaskIds: string[];
  private readonly megabyteStrings: number;
  private megabyteStringsLeft: number;
  private readonly validShare: number;
  private readonly daemonShare: number;
  /** The next seq of each task's valid output, so valid lines mostly arrive in order (with some replays). */
  private readonly nextSeq = new Map<string, number>();
  /** The highest seq sent for each task, mutations included: about the newest line a browser could have. */
  private readonly highestSent = new Map<string, number>();
  private requestCounter = 0;
  private machineCounter = 0;

  constructor(
    seed: number,
    private readonly targets: FuzzTargets,
    options: FuzzerOptions = {},
  ) {
    this.rng = new Rng(seed);
    this.megabyteStrings = this.megabyteStringsLeft = options.megabyteStrings ?? 4;
    this.validShare = options.validShare ?? 0.3;
    this.daemonShare = options.daemonShare ?? 0.5;
    this.madeUpTaskIds = [
      "made-up-task",
      "00000000-0000-4000-8000-000000000000",
      ...Array.from({ length: 8 }, (_, i) => `ghost-${i}-${this.rng.int(0, 1e9).toString(36)}`),
    ];
  }

  get megabyteStringsSent(): number {
    return this.megabyteStrings - this.megabyteStringsLeft;
  }

  /**
   * The next message, for either namespace. Messages depend on the seed alone (never on the server's answers), so
   * the n-th message of a seed is always the same however the sends interleave.
   */
  next(): { namespace: "daemon" | "ui"; emit: FuzzEmit } {
    return this.rng.chance(this.daemonShare)
      ? { namespace: "daemon", emit: this.daemonMessage() }
      : { namespace: "ui", emit: this.uiEvent() };
  }

  /** A message for `/daemon`, sent on a socket that authenticated as the fuzzing daemon (or `fresh`, see FuzzEmit). */
  daemonMessage(): FuzzEmit {
    const rng = this.rng;
    // Output is most of what daemons send; a type added to the protocol gets the weight of the rarest.
    const type = rng.weighted(DAEMON_MESSAGE_TYPES.map((type) => [type, DAEMON_MESSAGE_WEIGHTS[type] ?? 2] as const));
    // An authenticate on the session is the fuzzing daemon's own again, or another machine's with the same key
    // (both keep the key: another would end the connection); the rest go on fresh sockets with any key.
    const identity =
      type === "authenticate"
        ? rng.weighted<Identity>([
            ["own", 45],
            ["otherMachine", 10],
            ["fresh", 45],
          ])
        : "own";
    const valid = this.validDaemonMessage(type, identity);
    const keep = identity === "own" ? ["apiKey", "machineId"] : identity === "otherMachine" ? ["apiKey"] : [];
    const { payload, mutations } = this.maybeMutate(valid, type === "authenticate" ? keep : []);
    this.noteSeqs(payload);
    const emit = this.shapeEmit(DaemonEvent.message, [payload], true, type, mutations);
    const fresh = type === "authenticate" && identity === "fresh";
    return { ...emit, channel: fresh || this.hasOtherKey(payload) ? "fresh" : "session" };
  }

  /** An event for `/ui`, on a signed-in browser's socket. */
  uiEvent(): FuzzEmit {
    const rng = this.rng;
    if (rng.chance(0.01)) {
      // An event the server does not listen to: it must simply be ignored.
      const event = rng.pick(["task:output", "daemon:message", "nope", "", "__proto__", "task:subscribe "]);
      return { event, args: [this.randomValue(2)], acked: false, kind: "unknown", mutations: [], channel: "session" };
    }
    const { event, acked } = rng.weighted(
      UI_CLIENT_EVENTS.map((spec) => [spec, spec.event === UiEvent.subscribeTask ? 5 : 2] as const),
    );
    const args = this.validUiArgs(event);
    const mutated = args.length > 0 ? this.maybeMutate(args[0], []) : { payload: undefined, mutations: [] };
    return this.shapeEmit(event, args.length > 0 ? [mutated.payload] : [], acked, event, mutated.mutations);
  }

  // ---- valid messages -------------------------------------------------------------------------------------------

  /** A valid message of the type: typed as the protocol's input, so a field the protocol adds must be added here. */
  private validDaemonMessage(type: DaemonMessageType, identity: Identity): DaemonMessageInput {
    const rng = this.rng;
    const taskId = this.taskId();
    switch (type) {
      case "authenticate":
        return {
          type,
          apiKey:
            identity === "fresh"
              ? rng.pick([this.targets.apiKey, "mk_wrong", `mk_${this.word()}`])
              : this.targets.apiKey,
          // A fresh socket's machine is one of its own: two sockets of one machine would take each other's place.
          machineId:
            identity === "own"
              ? this.targets.machineId
              : identity === "otherMachine"
                ? `fuzz-other-machine-${rng.int(0, 2)}`
                : `fuzz-machine-${++this.machineCounter}`,
          hostname: `fuzz-${this.word()}`,
          maxConcurrentTasks: rng.int(1, 8),
          version: "fuzz",
          ...(rng.chance(0.5) && { runsAsRoot: rng.chance(0.5), sandboxed: rng.chance(0.5), restarts: rng.int(0, 3) }),
          ...(rng.chance(0.7) && { runningTaskIds: this.taskIds() }),
        };
      case "heartbeat":
        return { type, runningTaskIds: this.taskIds() };
      case "taskOutput":
        return { type, taskId, lines: this.outputLines(taskId) };
      case "taskLiveText": {
        const messageId = `msg_${this.word()}`;
        return {
          type,
          taskId,
          key: `:${messageId}:${rng.int(0, 3)}`,
          messageId,
          kind: rng.pick(shape(type).kind.options),
          parentToolUseId: rng.chance(0.2) ? `toolu_${this.word()}` : null,
          text: this.word(),
          done: rng.chance(0.2),
        };
      }
      case "approvalRequest":
        return {
          type,
          taskId,
          requestId: this.requestId(),
          toolName: rng.pick(TOOLS),
          ...(rng.chance(0.7) && { toolUseId: `toolu_${this.word()}` }),
          input: rng.pick([{ command: "npm test" }, { file_path: "/tmp/x", content: "y" }, { plan: "do it" }, {}]),
          ...(rng.chance(0.5) && {
            suggestions: [
              { type: "addRules", rules: [{ toolName: "Bash", ruleContent: "npm test:*" }], behavior: "allow" },
            ],
          }),
          ...(rng.chance(0.3) && { decisionReason: "because" }),
        };
      case "approvalWithdrawn":
        return { type, taskId, requestId: this.requestId(), reason: rng.pick(shape(type).reason.options) };
      case "taskStatusChange":
        return {
          type,
          taskId,
          status: rng.pick(shape(type).status.options),
          ...(rng.chance(0.5) && { worktreePath: `/tmp/makima-fuzz/${taskId.slice(0, 8)}` }),
          ...(rng.chance(0.5) && { branch: `makima/${this.word()}` }),
          ...(rng.chance(0.3) && { claudeSessionId: this.word() }),
          ...(rng.chance(0.3) && { iteration: rng.int(1, 10) }),
        };
      case "taskComplete": {
        const status = rng.pick(shape(type).status.options);
        return {
          type,
          taskId,
          success: status === "completed",
          status,
          error: status === "completed" ? null : "it went wrong",
          exitCode: rng.pick([0, 1, null]),
          ...(rng.chance(0.5) && {
            costUsd: rng.next(),
            numTurns: rng.int(0, 50),
            durationMs: rng.int(0, 600_000),
            inputTokens: rng.int(0, 100_000),
            outputTokens: rng.int(0, 100_000),
          }),
          ...(rng.chance(0.3) && { resetsAt: new Date(Date.now() + rng.int(-3600, 3600) * 1000).toISOString() }),
          ...(rng.chance(0.2) && { iteration: rng.int(1, 10) }),
          ...(rng.chance(0.3) && { claudeSessionId: this.word(), worktreeBytes: rng.int(0, 1e9) }),
          ...(rng.chance(0.3) && {
            completionAction: { action: "merge", outcome: rng.pick(["merged", "conflict"]), message: "done" },
          }),
        };
      }
      case "cleanupWorktreeResult":
        return { type, taskId, success: rng.chance(0.5), message: "removed", alreadyGone: rng.chance(0.3) };
      case "authenticationRequired":
        return {
          type,
          taskId,
          loginUrl: rng.chance(0.7) ? `https://claude.ai/oauth/authorize?code=${this.word()}` : null,
          hostname: "fuzz-host",
          message: "Claude is not logged in",
        };
      case "worktreeInventory":
        return {
          type,
          worktrees: Array.from({ length: rng.int(0, 4) }, () => ({
            path: `/tmp/makima-fuzz/${rng.pick([...this.targets.ownTaskIds, "orphan"]).slice(0, 8)}-${this.word()}`,
            branch: rng.chance(0.5) ? `makima/${this.word()}` : null,
            sizeBytes: rng.int(0, 1e6),
          })),
        };
    }
  }

  private validUiArgs(event: string): Json[] {
    const rng = this.rng;
    switch (event) {
      case UiEvent.subscribeTask: {
        const taskId = this.taskId();
        // A browser catching up asks for the lines after the last it has: mostly the newest few, seldom all (a page
        // of 2000 lines, which costs a thousand messages' worth).
        const newest = this.highestSent.get(taskId) ?? 0;
        if (rng.chance(0.02)) return [rng.chance(0.5) ? { taskId } : { taskId, afterSeq: 0 }];
        return [{ taskId, afterSeq: Math.max(0, newest - rng.int(0, 20)) }];
      }
      case UiEvent.unsubscribeTask:
        return [{ taskId: this.taskId() }];
      case UiEvent.subscribeContract:
      case UiEvent.unsubscribeContract:
        return [{ contractId: rng.chance(0.7) ? rng.pick(this.targets.contractIds) : this.word() }];
      default:
        return [];
    }
  }

  private outputLines(taskId: string): OutputLine[] {
    const rng = this.rng;
    const count = rng.weighted([
      [rng.int(1, 3), 6],
      [rng.int(4, 50), 3],
      [rng.int(51, 300), 1],
    ]);
    let seq = this.nextSeq.get(taskId) ?? 1;
    // A reconnect replays lines already sent.
    if (rng.chance(0.1)) seq = Math.max(1, seq - rng.int(1, 20));
    const lines = Array.from({ length: count }, () => {
      const json = rng.chance(0.6);
      return {
        seq: seq++,
        stream: rng.pick(STREAMS),
        line: json
          ? JSON.stringify({ type: "assistant", message: { content: [{ type: "text", text: this.word() }] } })
          : `plain ${this.word()}`,
        jsonType: json ? "assistant" : null,
      };
    });
    this.nextSeq.set(taskId, Math.max(this.nextSeq.get(taskId) ?? 1, seq));
    return lines;
  }

  private noteSeqs(payload: Json): void {
    if (!isObject(payload) || typeof payload.taskId !== "string" || !Array.isArray(payload.lines)) return;
    for (const line of payload.lines) {
      const seq = isObject(line) ? line.seq : undefined;
      if (typeof seq === "number" && Number.isSafeInteger(seq) && seq > (this.highestSent.get(payload.taskId) ?? 0))
        this.highestSent.set(payload.taskId, seq);
    }
  }

  private taskId(): string {
    const rng = this.rng;
    return rng.weighted<() => string>([
      [() => rng.pick(this.targets.ownTaskIds), 65],
      [() => rng.pick(this.targets.foreignTaskIds), 10],
      [() => rng.pick(this.madeUpTaskIds), 20],
      [() => this.word(), 5],
    ])();
  }

  private taskIds(): string[] {
    return Array.from({ length: this.rng.int(0, 4) }, () => this.taskId());
  }

  private requestId(): string {
    return `req-${this.rng.chance(0.5) ? this.rng.int(0, 30) : ++this.requestCounter}`;
  }

  private word(): string {
    return this.rng.int(0, 2 ** 31).toString(36);
  }

  // ---- mutations --------------------------------------------------------------------------------------------------

  private maybeMutate(valid: Json, keep: string[]): { payload: Json; mutations: string[] } {
    if (this.rng.chance(this.validShare)) return { payload: valid, mutations: [] };
    const count = this.rng.weighted([
      [1, 6],
      [2, 3],
      [3, 1],
    ] as const);
    const mutations = Array.from({ length: count }, () => this.rng.pick(MUTATIONS));
    const payload = mutations.reduce((mutated, mutation) => this.mutate(mutated, mutation, keep), valid);
    return { payload, mutations };
  }

  private mutate(payload: Json, mutation: Mutation, keep: string[]): Json {
    const rng = this.rng;
    if (mutation === "nonObject") return rng.pick([null, 0, -1, 42.5, "", "a string", true, [], [payload], {}]);
    if (mutation === "retag") {
      if (!isObject(payload)) return payload;
      const tag = rng.pick([...DAEMON_MESSAGE_TYPES, "", "Heartbeat", "noSuchMessage", 7, null]);
      return { ...payload, type: tag };
    }
    // Every payload is built fresh, so it is mutated in place (a deeply nested one is too deep to clone).
    const paths = this.paths(payload).filter((path) => !(typeof path[0] === "string" && keep.includes(path[0])));
    switch (mutation) {
      case "drop": {
        const path = rng.pick(paths.filter((p) => p.length > 0));
        if (!path) return payload;
        const parent = at(payload, path.slice(0, -1));
        const last = path[path.length - 1];
        if (Array.isArray(parent)) parent.splice(Number(last), 1);
        else if (isObject(parent)) delete parent[last];
        return payload;
      }
      case "add": {
        const objects = this.paths(payload).filter((p) => isObject(at(payload, p)));
        const target = objects.length ? at(payload, rng.pick(objects)) : undefined;
        if (isObject(target))
          target[rng.chance(0.5) ? this.word() : rng.pick(["id", "type", "seq", "ok"])] = this.randomValue(2);
        return payload;
      }
      case "protoKeys": {
        const objects = this.paths(payload).filter((p) => isObject(at(payload, p)));
        const target = objects.length ? at(payload, rng.pick(objects)) : undefined;
        // An own enumerable `__proto__` key, as JSON.parse makes it (an assignment would set the prototype instead).
        if (isObject(target))
          Object.defineProperty(target, rng.pick(PROTO_KEYS), {
            value: { polluted: true, toString: "x", valueOf: 1, isAdmin: true },
            enumerable: true,
            writable: true,
            configurable: true,
          });
        return payload;
      }
      case "overflowArray": {
        const arrays = paths.filter((p) => Array.isArray(at(payload, p)));
        if (arrays.length === 0) return payload;
        const path = rng.pick(arrays);
        const array = at(payload, path) as Json[];
        // Just past each limit of the protocol (50, 250, 1000, 5000, 10,000 items); the long ones are rarer.
        const length = rng.weighted([
          [51, 16],
          [251, 8],
          [1001, 8],
          [5001, 1],
          [10_001, 1],
        ] as const);
        // Small items only, each a copy of its own: ten thousand copies of a huge string or a deep nest, or of one
        // object a later mutation grows, would be gigabytes.
        const small = array.map((item) => JSON.stringify(item)).filter((text) => text && text.length <= 500);
        const samples = small.length ? small : [JSON.stringify(this.randomValue(0))];
        return replaceAt(
          payload,
          path,
          Array.from({ length }, (_, i) => {
            const item: Json = JSON.parse(samples[i % samples.length]);
            // Lines past the limit keep distinct, increasing seqs, so only the count is wrong.
            if (isObject(item) && typeof item.seq === "number") item.seq += i;
            return item;
          }),
        );
      }
      default: {
        const path = rng.pick(paths);
        return replaceAt(payload, path, this.replacement(mutation, at(payload, path)));
      }
    }
  }

  /** The value a replacing mutation puts at a path. */
  private replacement(mutation: Mutation, current: Json): Json {
    const rng = this.rng;
    switch (mutation) {
      case "hugeString": {
        if (this.megabyteStringsLeft > 0 && rng.chance(0.002)) {
          this.megabyteStringsLeft--;
          return "M".repeat(rng.int(1, 4) * 1024 * 1024);
        }
        const length = rng.weighted([
          [101, 10],
          [201, 10],
          [256, 10],
          [1001, 10],
          [2001, 5],
          [4097, 5],
          [10_001, 2],
          [100_001, 1],
        ] as const);
        return rng.pick(["x", "é", "\u0000", "😀"]).repeat(length);
      }
      case "deepNest": {
        const depth = rng.weighted([
          [50, 8],
          [500, 3],
          [2000, 1],
        ] as const);
        return nest(depth, rng.chance(0.5) ? "array" : "object", current);
      }
      case "edgeNumber":
        return rng.pick(EDGE_NUMBERS);
      case "weirdString":
        return rng.pick(WEIRD_STRINGS);
      default:
        return this.randomValue(2, typeof current);
    }
  }

  /** A random JSON value, not of type `unlike` when it can help it. */
  private randomValue(depth: number, unlike?: string): Json {
    const rng = this.rng;
    for (;;) {
      const value: Json = rng.pick<() => Json>([
        () => null,
        () => rng.chance(0.5),
        () => rng.pick(EDGE_NUMBERS),
        () => rng.int(-1000, 1000),
        () => rng.pick(WEIRD_STRINGS),
        () => this.word(),
        () => (depth > 0 ? Array.from({ length: rng.int(0, 3) }, () => this.randomValue(depth - 1)) : []),
        () => (depth > 0 ? { [this.word()]: this.randomValue(depth - 1), type: this.word() } : {}),
      ])();
      if (typeof value !== unlike || unlike === "object") return value;
    }
  }

  /** Every path in the value, the root included, down to four levels. */
  private paths(value: Json, prefix: Path = []): Path[] {
    const out: Path[] = [prefix];
    if (prefix.length >= 4) return out;
    if (Array.isArray(value)) {
      // A long array: a few of its items are enough.
      const indexes = value.length <= 5 ? value.keys() : [0, 1, value.length - 1];
      for (const i of indexes) out.push(...this.paths(value[i], [...prefix, i]));
    } else if (isObject(value)) {
      for (const key of Object.keys(value)) out.push(...this.paths(value[key], [...prefix, key]));
    }
    return out;
  }

  /** Around 2% of acked emits lose their ack, 2% carry extra arguments before it, and 1% have no payload at all. */
  private shapeEmit(event: string, args: Json[], acked: boolean, kind: string, mutations: string[]): FuzzEmit {
    const rng = this.rng;
    const shaped: FuzzEmit = { event, args, acked, kind, mutations: [...mutations], channel: "session" };
    const roll = rng.next();
    if (acked && roll < 0.02) {
      shaped.acked = false;
      shaped.mutations.push("noAck");
    } else if (roll < 0.04) {
      shaped.args = [...args, ...Array.from({ length: rng.int(1, 2) }, () => this.randomValue(1))];
      shaped.mutations.push("extraArgs");
    } else if (roll < 0.05 && args.length > 0) {
      shaped.args = [];
      shaped.mutations.push("noPayload");
    }
    return shaped;
  }

  /** An authenticate with a key other than the fuzzing daemon's: refused as fatal, it would end the session. */
  private hasOtherKey(payload: Json): boolean {
    return isObject(payload) && payload.type === "authenticate" && payload.apiKey !== this.targets.apiKey;
  }
}

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function at(value: Json, path: Path): Json {
  let current = value;
  for (const key of path) current = (current as Record<string | number, Json>)?.[key];
  return current;
}

function replaceAt(root: Json, path: Path, replacement: Json): Json {
  if (path.length === 0) return replacement;
  const parent = at(root, path.slice(0, -1)) as Record<string | number, Json>;
  parent[path[path.length - 1]] = replacement;
  return root;
}

/** `depth` levels of arrays or objects around `inner`. */
function nest(depth: number, kind: "array" | "object", inner: Json): Json {
  let value = inner;
  for (let i = 0; i < depth; i++) value = kind === "array" ? [value] : { a: value };
  return value;
}
