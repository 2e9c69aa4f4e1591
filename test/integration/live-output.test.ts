import Database from "better-sqlite3";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/server/db/client";
import { databaseUrl, sqliteFilePath } from "../../lib/shared/data-location";
import { DAEMON_NAMESPACE, DaemonEvent, type MessageAck, type OutputLine } from "../../lib/shared/protocol/daemon";
import { UiEvent, type StoredLine, type TaskHistoryPage, type TaskOutputEvent } from "../../lib/shared/protocol/ui";
import { signedInUser, uiSocket } from "../support/auth";
import { daemonKey, startTestServer, waitFor } from "../support/stack";

/**
 * Browsers get a task's lines as soon as the server has validated them, before the database write; the daemon's ack
 * still waits for the write, and a failed write followed by the daemon's replay leaves every line once in the database
 * and once in the browser. A daemon is played by a raw socket here, so the test says exactly what is sent when; the
 * database write is held (another connection holds SQLite's write lock) or made to fail (a trigger) from outside.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let daemon: Socket;
let daemonId: string;
const browsers: Socket[] = [];
let contractId: string;

beforeAll(async () => {
  server = await startTestServer();
  daemon = io(server.url + DAEMON_NAMESPACE, { transports: ["websocket"], reconnection: false });
  await new Promise<void>((resolve) => daemon.once("connect", () => resolve()));
  const answer = await send({
    type: "authenticate",
    apiKey: await daemonKey(),
    machineId: "live-output",
    hostname: "live-output",
    maxConcurrentTasks: 2,
    version: "test",
  });
  if (!answer.ok || !answer.daemonId) throw new Error(`authentication failed: ${JSON.stringify(answer)}`);
  daemonId = answer.daemonId;
  contractId = (await getDb().contract.create({ data: { name: "live", repository: "/tmp/live-output-repo" } })).id;
});

afterAll(async () => {
  browsers.forEach((browser) => browser.close());
  daemon?.close();
  await server?.close();
});

const send = (message: unknown): Promise<MessageAck> =>
  daemon.timeout(10_000).emitWithAck(DaemonEvent.message, message);

const output = (taskId: string, ...seqs: number[]) =>
  send({
    type: "taskOutput",
    taskId,
    lines: seqs.map((seq): OutputLine => ({ seq, stream: "stdout", line: `line ${seq}`, jsonType: null })),
  });

/** A task this daemon runs, with a browser following it from the start. */
async function followedTask(name: string) {
  const task = await getDb().task.create({
    data: { contractId, name, plan: "p", status: "running", daemonId, startedAt: new Date() },
  });
  const browser = await signedInBrowser();
  const seen: StoredLine[] = [];
  browser.on(UiEvent.taskOutput, (event: TaskOutputEvent) => {
    if (event.taskId === task.id) seen.push(...event.lines);
  });
  const page: TaskHistoryPage = await browser.emitWithAck(UiEvent.subscribeTask, { taskId: task.id, afterSeq: 0 });
  expect(page.lines).toEqual([]);
  return { taskId: task.id, seen };
}

async function signedInBrowser(): Promise<Socket> {
  const browser = uiSocket(server.url, (await signedInUser("viewer")).cookie);
  browsers.push(browser);
  await new Promise<void>((resolve) => browser.once("connect", () => resolve()));
  return browser;
}

/** A connection of the test's own to the server's database file. */
const sqlite = () => new Database(sqliteFilePath(databaseUrl()));

const storedSeqs = async (taskId: string) =>
  (await getDb().taskOutput.findMany({ where: { taskId }, orderBy: { seq: "asc" }, select: { seq: true } })).map(
    (row) => row.seq,
  );

describe("output published on arrival", () => {
  it("reaches a browser before it is committed; the daemon's ack waits for the commit", async () => {
    const { taskId, seen } = await followedTask("held");
    expect(await output(taskId, 1)).toEqual({ ok: true, ackedSeq: 1 });
    const late = await signedInBrowser(); // signing in writes to the database: before the lock

    const lock = sqlite();
    lock.prepare("BEGIN IMMEDIATE").run();
    let acked: MessageAck | undefined;
    const ack = output(taskId, 2, 3).then((answer) => (acked = answer));
    try {
      await waitFor(() => seen.length === 3, 5_000, "the live lines");
      expect(seen.map((line) => line.seq)).toEqual([1, 2, 3]);
      // Not in the database, and not acknowledged: the write waits for the lock.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(acked).toBeUndefined();
      expect(await storedSeqs(taskId)).toEqual([1]);

      // A browser that subscribes meanwhile gets them with the history: none is in neither.
      const page: TaskHistoryPage = await late.emitWithAck(UiEvent.subscribeTask, { taskId, afterSeq: 0 });
      expect(page.lines.map((line) => line.seq)).toEqual([1, 2, 3]);
    } finally {
      lock.prepare("COMMIT").run();
      lock.close();
    }
    expect(await ack).toEqual({ ok: true, ackedSeq: 3 });
    expect(await storedSeqs(taskId)).toEqual([1, 2, 3]);
    // Stored with the time browsers were shown.
    const rows = await getDb().taskOutput.findMany({ where: { taskId }, orderBy: { seq: "asc" } });
    expect(rows.map((row) => row.createdAt.toISOString())).toEqual(seen.map((line) => line.createdAt));
  });

  it("after a failed write and the daemon's replay, has every line once in the database and in the browser", async () => {
    const { taskId, seen } = await followedTask("failing");
    expect(await output(taskId, 1, 2)).toEqual({ ok: true, ackedSeq: 2 });

    const db = sqlite();
    db.exec(`CREATE TRIGGER fail_once BEFORE INSERT ON TaskOutput WHEN NEW.taskId = '${taskId}' AND NEW.seq = 4
             BEGIN SELECT RAISE(ABORT, 'the disk is full'); END`);
    // The daemon sends batches one after another without waiting for acks: 3-4 fails, and 5-6, past the gap it
    // leaves, is refused too. Both are passing refusals: the daemon sends them again.
    const [failed, pastTheGap] = await Promise.all([output(taskId, 3, 4), output(taskId, 5, 6)]);
    expect(failed).toMatchObject({ ok: false, retryable: true });
    expect(pastTheGap).toMatchObject({ ok: false, retryable: true });
    expect(await storedSeqs(taskId)).toEqual([1, 2]);
    // Browsers were shown them all the same.
    await waitFor(() => seen.length === 6, 5_000, "the live lines");

    db.exec("DROP TRIGGER fail_once");
    db.close();
    // The replay, from the last acknowledged seq, and the next line.
    expect(await output(taskId, 3, 4, 5, 6, 7)).toEqual({ ok: true, ackedSeq: 7 });
    expect(await storedSeqs(taskId)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    await waitFor(() => seen.length >= 7, 5_000, "the last line");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen.map((line) => line.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
