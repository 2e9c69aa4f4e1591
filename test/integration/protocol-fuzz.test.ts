import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/server/db/client";
import { getRuntime } from "../../lib/server/runtime";
import {
  DAEMON_NAMESPACE,
  DaemonEvent,
  DaemonMessage,
  MessageAck,
  OutputStream,
  TaskStatus,
  type MessageAck as MessageAckType,
} from "../../lib/shared/protocol/daemon";
import {
  SubscribeTask,
  TaskHistoryPage,
  TaskOutputEvent,
  UiEvent,
  type StoredLine,
} from "../../lib/shared/protocol/ui";
import { signedInUser, uiSocket } from "../support/auth";
import { createGitRepo } from "../support/git";
import {
  DAEMON_MESSAGE_TYPES,
  MessageFuzzer,
  UI_CLIENT_EVENTS,
  type FuzzEmit,
  type FuzzTargets,
} from "../support/message-fuzzer";
import { daemonKey, startTestDaemon, startTestServer, taskEnded, waitFor } from "../support/stack";

/**
 * Issue 14, fuzzing: 100,000 generated and mutated messages (test/support/message-fuzzer.ts) to `/daemon`, as an
 * authenticated daemon, and `/ui`, as a signed-in browser. The server must answer every acked one with a refusal or
 * a result, throw nothing unhandled, store nothing invalid, and still run a task normally afterwards.
 * MAKIMA_FUZZ_SEED replays a run; MAKIMA_FUZZ_MESSAGES sends another number of messages.
 */
const SEED = Number(process.env.MAKIMA_FUZZ_SEED || Math.floor(Math.random() * 2 ** 32));
const MESSAGES = Number(process.env.MAKIMA_FUZZ_MESSAGES || 100_000);
/** Emits in flight at once: enough to interleave the handlers, few enough that no ack waits long. */
const CONCURRENCY = 32;
const ACK_TIMEOUT_MS = 30_000;
const MACHINE_ID = "fuzz-machine";

interface Tally {
  sent: number;
  /** Sent as generated, before any mutation. */
  unmutated: number;
  /** Sent without an ack callback: no answer to wait for. */
  unacked: number;
  /** Never left: the client could not encode it (mutations nested it deeper than JSON.stringify's stack allows). */
  unsendable: number;
  results: number;
  refusals: number;
  refusalReasons: Map<string, number>;
  /** Problems: an ack that never came, an answer of the wrong shape, a server error for a message's sake. */
  unanswered: string[];
  malformed: string[];
  serverErrors: string[];
}

const newTally = (): Tally => ({
  sent: 0,
  unmutated: 0,
  unacked: 0,
  unsendable: 0,
  results: 0,
  refusals: 0,
  refusalReasons: new Map(),
  unanswered: [],
  malformed: [],
  serverErrors: [],
});

let server: Awaited<ReturnType<typeof startTestServer>>;
let targets: FuzzTargets;
let fuzzer: MessageFuzzer;
let daemonSocket: Socket;
let browser: Socket;
let ownTaskIds: string[];
let foreignTaskId: string;
const tallies = { daemon: newTally(), ui: newTally() };
const crashes: unknown[] = [];
const onCrash = (error: unknown) => crashes.push(error);
const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
/** What the browser was told about the fuzzed tasks' output that does not read as a TaskOutputEvent. */
const badBroadcasts: string[] = [];

function connected(socket: Socket): Promise<Socket> {
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

const rawDaemonSocket = () =>
  connected(io(server.url + DAEMON_NAMESPACE, { transports: ["websocket"], reconnection: false, forceNew: true }));

async function authenticate(socket: Socket, apiKey: string, machineId = MACHINE_ID): Promise<string> {
  const answer: MessageAckType = await socket.timeout(5_000).emitWithAck(DaemonEvent.message, {
    type: "authenticate",
    apiKey,
    machineId,
    hostname: "fuzzer",
    maxConcurrentTasks: 4,
    version: "fuzz",
  });
  if (!answer.ok || !answer.daemonId) throw new Error(`authentication failed: ${JSON.stringify(answer)}`);
  return answer.daemonId;
}

/** A short description of a message for a failure report (a payload may be megabytes). */
const describeEmit = (emit: FuzzEmit) =>
  `${emit.event} ${emit.kind} [${emit.mutations.join(",")}] ${printable(emit.args).slice(0, 300)}`;

/** JSON for a report, or what it is when it cannot be (nested too deeply for JSON.stringify's stack). */
function printable(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch (error) {
    return `(not printable: ${error instanceof Error ? error.message : String(error)})`;
  }
}

beforeAll(async () => {
  process.on("unhandledRejection", onCrash);
  process.on("uncaughtException", onCrash);
  server = await startTestServer();
  const db = getDb();
  const apiKey = await daemonKey("fuzzer");
  daemonSocket = await rawDaemonSocket();
  // The fuzzing daemon takes every command the server sends it (a task to run, one to stop) and runs nothing.
  daemonSocket.on(DaemonEvent.command, (_command: unknown, ack?: (answer: unknown) => void) => ack?.({ ok: true }));
  const daemonId = await authenticate(daemonSocket, apiKey);

  const contract = await db.contract.create({ data: { name: "fuzzed", repository: "/tmp/makima-fuzz-repo" } });
  const running = (name: string, daemon: string) =>
    db.task.create({ data: { contractId: contract.id, name, plan: "p", status: "running", daemonId: daemon } });
  ownTaskIds = await Promise.all(["one", "two", "three"].map(async (name) => (await running(name, daemonId)).id));
  const other = await db.daemon.create({
    data: { machineId: "other-machine", hostname: "other", version: "x", capacity: 1, status: "disconnected" },
  });
  foreignTaskId = (await running("another daemon's", other.id)).id;

  targets = { apiKey, machineId: MACHINE_ID, ownTaskIds, foreignTaskIds: [foreignTaskId], contractIds: [contract.id] };
  fuzzer = new MessageFuzzer(SEED, targets);
  browser = await connected(uiSocket(server.url, (await signedInUser("viewer")).cookie));
  browser.on(UiEvent.taskOutput, (event: unknown) => {
    const parsed = TaskOutputEvent.safeParse(event);
    if (!parsed.success) badBroadcasts.push(JSON.stringify(event).slice(0, 300));
    else if (!parsed.data.lines.every((line) => Number.isSafeInteger(line.seq) && line.seq > 0))
      badBroadcasts.push(`bad seq in ${parsed.data.taskId}`);
  });
});

afterAll(async () => {
  process.off("unhandledRejection", onCrash);
  process.off("uncaughtException", onCrash);
  daemonSocket?.close();
  browser?.close();
  await server?.close();
});

/** How an answer reads: a result, a refusal (and whether the server blamed itself), or an answer of the wrong shape. */
type Answer = { kind: "result" } | { kind: "refusal"; error: string; serverError: boolean } | { kind: "malformed" };

function readAnswer(namespace: "daemon" | "ui", emit: FuzzEmit, answer: unknown): Answer {
  if (namespace === "daemon") {
    const parsed = MessageAck.safeParse(answer);
    if (!parsed.success) return { kind: "malformed" };
    if (parsed.data.ok) return { kind: "result" };
    return { kind: "refusal", error: parsed.data.error, serverError: parsed.data.retryable };
  }
  // The other acked /ui events answer "joined" with an empty ack.
  if (emit.event !== UiEvent.subscribeTask) return answer === undefined ? { kind: "result" } : { kind: "malformed" };
  if (TaskHistoryPage.safeParse(answer).success) return { kind: "result" };
  const error = (answer as { error?: unknown } | null)?.error;
  if (typeof error !== "string") return { kind: "malformed" };
  return { kind: "refusal", error, serverError: error === "Could not read the task's output" };
}

/** Sends one emit and records how it was answered. */
async function send(namespace: "daemon" | "ui", emit: FuzzEmit): Promise<void> {
  const tally = tallies[namespace];
  tally.sent++;
  if (emit.mutations.length === 0) tally.unmutated++;
  const socket = namespace === "ui" ? browser : emit.channel === "fresh" ? await rawDaemonSocket() : daemonSocket;
  let answer: unknown;
  try {
    if (!emit.acked) {
      socket.emit(emit.event, ...emit.args);
      tally.unacked++;
      return;
    }
    answer = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck(emit.event, ...emit.args);
  } catch (error) {
    if (error instanceof RangeError) tally.unsendable++;
    else tally.unanswered.push(describeEmit(emit));
    return;
  } finally {
    if (socket !== browser && socket !== daemonSocket) socket.close();
  }
  const read = readAnswer(namespace, emit, answer);
  if (read.kind === "malformed") tally.malformed.push(`${describeEmit(emit)} → ${printable(answer).slice(0, 300)}`);
  if (read.kind === "result") tally.results++;
  if (read.kind !== "refusal") return;
  tally.refusals++;
  if (read.serverError) tally.serverErrors.push(`${describeEmit(emit)} → ${read.error}`);
  // "Invalid message: lines.0.seq: …" and "Task x is not assigned…" each count once, whatever the details; a /ui
  // refusal is the path of its first issue ("taskId: Invalid input…").
  const reason = read.error.replace(/:.*$/s, "").replace(/\btask\b.*?(?= is not| was asked| no longer)/is, "task <id>");
  const label = namespace === "ui" && !read.serverError ? `Invalid payload at ${reason}` : reason;
  tally.refusalReasons.set(label, (tally.refusalReasons.get(label) ?? 0) + 1);
}

function report(elapsedMs: number): string {
  const lines = [
    `[fuzz] seed ${SEED}: ${MESSAGES} messages in ${(elapsedMs / 1000).toFixed(1)} s, ` +
      `${fuzzer.megabyteStringsSent} of them with a string of megabytes`,
  ];
  for (const [namespace, tally] of Object.entries(tallies)) {
    lines.push(
      `[fuzz] /${namespace}: ${tally.sent} sent (${tally.unmutated} unmutated), ${tally.results} results, ` +
        `${tally.refusals} refusals, ` +
        `${tally.unacked} without an ack, ${tally.unsendable} unsendable, ${tally.unanswered.length} unanswered, ${tally.malformed.length} malformed ` +
        `answers, ${tally.serverErrors.length} server errors`,
    );
    const reasons = [...tally.refusalReasons].sort((a, b) => b[1] - a[1]).slice(0, 8);
    lines.push(...reasons.map(([reason, count]) => `[fuzz]     ${count} × ${reason}`));
  }
  return lines.join("\n");
}

describe("the sockets under 100,000 fuzzed messages", () => {
  it("are sent every DaemonMessage type and /ui event, valid before they are mutated", () => {
    const unmutated = new MessageFuzzer(SEED, targets, { validShare: 1 });
    const kinds = new Set<string>();
    for (let i = 0; i < 5_000; i++) {
      const { namespace, emit } = unmutated.next();
      kinds.add(emit.kind);
      if (emit.args.length === 0) continue;
      const schema =
        namespace === "daemon" ? DaemonMessage : emit.event === UiEvent.subscribeTask ? SubscribeTask : null;
      if (schema) expect(schema.safeParse(emit.args[0]).error?.issues, describeEmit(emit)).toBeUndefined();
    }
    expect(kinds).toEqual(new Set([...DAEMON_MESSAGE_TYPES, ...UI_CLIENT_EVENTS.map(({ event }) => event), "unknown"]));
  });

  it("answer every acked message with a refusal or a result, and throw nothing unhandled", async () => {
    console.info(`[fuzz] seed ${SEED} (replay with MAKIMA_FUZZ_SEED=${SEED})`);
    // The server logs every refusal: 100,000 log lines would cost more than the messages. What it logs as its own
    // failure is kept: it says why an answer was a server error.
    const errorLogs: string[] = [];
    const { log, warn, error } = console;
    console.log = console.warn = () => {};
    console.error = (...args: unknown[]) => void errorLogs.push(args.map(String).join(" ").slice(0, 500));
    const started = Date.now();
    let generated = 0;
    try {
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (generated < MESSAGES) {
            generated++;
            const { namespace, emit } = fuzzer.next();
            await send(namespace, emit);
          }
        }),
      );
      // Unacked messages are answered by nothing: one more round trip on each socket shows they were handled.
      expect(
        await daemonSocket.timeout(5_000).emitWithAck(DaemonEvent.message, { type: "heartbeat", runningTaskIds: [] }),
      ).toEqual({ ok: true });
      await browser.timeout(5_000).emitWithAck(UiEvent.subscribeDaemons);
    } finally {
      Object.assign(console, { log, warn, error });
    }
    const elapsed = Date.now() - started;
    console.info(report(elapsed));
    if (errorLogs.length)
      console.info(`[fuzz] ${errorLogs.length} errors logged, the first:\n${errorLogs.slice(0, 5).join("\n")}`);

    for (const tally of Object.values(tallies)) {
      expect(tally.unanswered.slice(0, 5)).toEqual([]);
      expect(tally.malformed.slice(0, 5)).toEqual([]);
      expect(tally.serverErrors.slice(0, 5)).toEqual([]);
      expect(tally.results + tally.refusals + tally.unacked + tally.unsendable).toBe(tally.sent);
    }
    expect(tallies.daemon.sent + tallies.ui.sent).toBe(MESSAGES);
    expect(crashes).toEqual([]);
    expect(badBroadcasts.slice(0, 5)).toEqual([]);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(daemonSocket.connected && browser.connected).toBe(true);
  }, 600_000);

  it("kept the server up: fresh connections to both namespaces still work", async () => {
    const socket = await rawDaemonSocket();
    try {
      expect(
        await socket.timeout(5_000).emitWithAck(DaemonEvent.message, { type: "heartbeat", runningTaskIds: [] }),
      ).toMatchObject({ ok: false, error: "Not authenticated: send authenticate first" });
    } finally {
      socket.close();
    }
    const viewer = await connected(uiSocket(server.url, (await signedInUser("viewer")).cookie));
    try {
      const page: TaskHistoryPage = await viewer
        .timeout(5_000)
        .emitWithAck(UiEvent.subscribeTask, { taskId: ownTaskIds[0], afterSeq: 0 });
      expect(TaskHistoryPage.safeParse(page).success).toBe(true);
    } finally {
      viewer.close();
    }
  });

  it("stored nothing invalid", async () => {
    const db = getDb();
    // Read the way the app reads them: a row Prisma cannot read back is as broken as a wrong one.
    const outputs = await db.taskOutput.findMany({ select: { taskId: true, seq: true, stream: true, jsonType: true } });
    expect(outputs.length).toBeGreaterThan(0);
    const streams = Object.values(OutputStream.enum) as string[];
    const invalid = outputs.filter(
      (row) =>
        !Number.isSafeInteger(row.seq) ||
        row.seq <= 0 ||
        !streams.includes(row.stream) ||
        (row.jsonType !== null && row.jsonType.length > 100),
    );
    expect(invalid.slice(0, 5)).toEqual([]);
    const seqs = new Set(outputs.map((row) => `${row.taskId} ${row.seq}`));
    expect(seqs.size).toBe(outputs.length);

    // Raw values, in case something bypassed Prisma's enum.
    const statuses = await db.$queryRaw<{ status: string }[]>`SELECT DISTINCT status FROM Task`;
    expect(statuses.filter(({ status }) => !TaskStatus.options.includes(status as TaskStatus))).toEqual([]);
    expect(await db.task.count()).toBe(ownTaskIds.length + 1);
    await db.task.findMany(); // Every column of every task reads back.

    // Rows of any task but the fuzzing daemon's own (the other daemon's, a made-up id): none, in any table.
    const select = { taskId: true } as const;
    const byTable = {
      TaskOutput: await db.taskOutput.findMany({ select, distinct: ["taskId"] }),
      ApprovalRequest: await db.approvalRequest.findMany({ select, distinct: ["taskId"] }),
      DaemonLogin: await db.daemonLogin.findMany({ select, distinct: ["taskId"] }),
      Notification: await db.notification.findMany({ select, distinct: ["taskId"] }),
      WorktreeCleanup: await db.worktreeCleanup.findMany({ select, distinct: ["taskId"] }),
    };
    for (const [table, rows] of Object.entries(byTable)) {
      const strangers = rows.map((row) => row.taskId).filter((id) => id !== null && !ownTaskIds.includes(id));
      expect(strangers, table).toEqual([]);
    }
    expect(await db.task.count({ where: { id: { in: fuzzer.madeUpTaskIds } } })).toBe(0);
    const foreign = await db.task.findUniqueOrThrow({ where: { id: foreignTaskId } });
    expect(foreign).toMatchObject({ status: "running", worktreePath: null, branch: null, error: null });
    // Once its sockets close, no daemon is left marked connected (as it would be if one socket spoke for two).
    daemonSocket.close();
    const connectedDaemons = () => db.daemon.findMany({ where: { status: "connected" }, select: { machineId: true } });
    await waitFor(async () => (await connectedDaemons()).length === 0, 5_000).catch(() => undefined);
    expect(await connectedDaemons()).toEqual([]);

    const approvals = await db.approvalRequest.findMany();
    for (const row of approvals) {
      expect(ownTaskIds).toContain(row.taskId);
      expect(JSON.parse(row.input)).toBeTypeOf("object");
      expect(Array.isArray(JSON.parse(row.suggestions))).toBe(true);
    }
  });

  it("runs a normal task afterwards, streaming its output to a browser and storing it in order", async () => {
    const daemon = startTestDaemon({ serverUrl: server.url, apiKey: await daemonKey() });
    try {
      const db = getDb();
      await waitFor(async () => (await db.daemon.count({ where: { status: "connected" } })) === 1, 10_000, "daemon");
      const contract = await db.contract.create({ data: { name: "after the fuzz", repository: createGitRepo() } });
      const task = await db.task.create({
        data: { contractId: contract.id, name: "List the files", plan: "scenario:text please list the files" },
      });
      const live: StoredLine[] = [];
      browser.on(UiEvent.taskOutput, (event: { taskId: string; lines: StoredLine[] }) => {
        if (event.taskId === task.id) live.push(...event.lines);
      });
      const history: TaskHistoryPage = await browser.emitWithAck(UiEvent.subscribeTask, { taskId: task.id });
      expect(history.lines).toEqual([]);

      await getRuntime().scheduleTasks();
      const done = await taskEnded(task.id);
      expect(done.status).toBe("completed");
      expect(done.error).toBeNull();
      const rows = await db.taskOutput.findMany({ where: { taskId: task.id }, orderBy: { seq: "asc" } });
      expect(rows.map((row) => row.seq)).toEqual(rows.map((_, i) => i + 1));
      const types = rows.filter((row) => row.stream === "stdout").map((row) => row.jsonType);
      expect(types[0]).toBe("system");
      expect(types).toContain("assistant");
      expect(types.at(-1)).toBe("result");
      await waitFor(() => live.length >= rows.length, 5_000, "the live lines");
      expect(live.map((line) => [line.seq, line.line])).toEqual(rows.map((row) => [row.seq, row.line]));
    } finally {
      await daemon.stop();
    }
  });
});

/** What the fuzzing found, pinned down one by one (each failed before its fix). */
describe("malformed emits the fuzzing found", () => {
  const heartbeat = { type: "heartbeat", runningTaskIds: [] };

  it("a /ui subscribe with a value where its ack goes: no crash, and extra arguments before the ack still get an answer", async () => {
    const viewer = await connected(uiSocket(server.url, (await signedInUser("viewer")).cookie));
    try {
      // Calling "x" as the ack threw in an async handler: an unhandled rejection, which ends a Node server.
      viewer.emit(UiEvent.subscribeTask, { taskId: ownTaskIds[0] }, "x");
      viewer.emit(UiEvent.subscribeTask, { taskId: 5 }, 42);
      const page = await viewer.timeout(5_000).emitWithAck(UiEvent.subscribeTask, { taskId: ownTaskIds[0] }, "extra");
      expect(TaskHistoryPage.safeParse(page).success).toBe(true);
      expect(await viewer.timeout(5_000).emitWithAck(UiEvent.subscribeTask)).toHaveProperty("error");
      await viewer.timeout(5_000).emitWithAck(UiEvent.subscribeDaemons, { unexpected: true });
      await viewer.timeout(5_000).emitWithAck(UiEvent.subscribeNotifications, "extra");
      await viewer.timeout(5_000).emitWithAck(UiEvent.subscribeContract, { contractId: "c" }, "extra");
      expect(crashes).toEqual([]);
    } finally {
      viewer.close();
    }
  });

  it("a /daemon message with extra arguments, or none, before its ack is still answered", async () => {
    const socket = await rawDaemonSocket();
    try {
      await authenticate(socket, await daemonKey(), "pinned-machine");
      expect(await socket.timeout(5_000).emitWithAck(DaemonEvent.message, heartbeat, "extra")).toEqual({ ok: true });
      expect(await socket.timeout(5_000).emitWithAck(DaemonEvent.message)).toMatchObject({
        ok: false,
        error: expect.stringMatching(/^Invalid message: /),
      });
    } finally {
      socket.close();
    }
  });

  it("a worktree inventory listing a folder twice is stored once, not refused as a server error", async () => {
    const socket = await rawDaemonSocket();
    try {
      const daemonId = await authenticate(socket, await daemonKey(), "inventory-machine");
      const folder = { path: "/tmp/makima-fuzz/twice", branch: null, sizeBytes: 1 };
      const inventory = { type: "worktreeInventory", worktrees: [folder, { ...folder, sizeBytes: 2 }] };
      expect(await socket.timeout(5_000).emitWithAck(DaemonEvent.message, inventory)).toEqual({ ok: true });
      expect(await getDb().orphanWorktree.findMany({ where: { daemonId }, select: { sizeBytes: true } })).toEqual([
        { sizeBytes: 2 },
      ]);
    } finally {
      socket.close();
    }
  });

  it("a second machine authenticating on a daemon's connection is refused, so none is left connected after it", async () => {
    const socket = await rawDaemonSocket();
    const apiKey = await daemonKey();
    try {
      await authenticate(socket, apiKey, "first-machine");
      await expect(authenticate(socket, apiKey, "second-machine")).rejects.toThrow(
        "This connection is machine first-machine's",
      );
      expect(await getDb().daemon.count({ where: { machineId: "second-machine" } })).toBe(0);
      await authenticate(socket, apiKey, "first-machine"); // The same machine again is fine.
    } finally {
      socket.close();
    }
    await waitFor(
      async () => (await getDb().daemon.count({ where: { machineId: "first-machine", status: "connected" } })) === 0,
      5_000,
      "first-machine to disconnect",
    );
  });
});
