// The SQLite output store's writer, in a worker thread of its own (see sqlite-output-store.ts): a commit, and now and
// then a WAL checkpoint with its fsync, takes milliseconds, and the server's event loop must not wait for them. Plain
// JavaScript, so it loads however the server was started (tsx registered by flag or by `makima`, or vitest).
//
// Messages in:  { type: "write", appends: [{ id, taskId, lines: StoredLine[] }] } | { type: "highest", id, taskId }
//               | { type: "close", id }
// Messages out: { replies: Reply[] }, a Reply being { id, highestSeq } | { id, error: { message, code, gone } }
//               | { id, closed: true }; the replies to every append of one transaction come in one message.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

/** How soon to try again when another connection holds SQLite's write lock. */
const BUSY_RETRY_MS = 5;

// No busy wait inside SQLite: flush() retries on a timer instead, so this thread still answers meanwhile.
const sqlite = new Database(workerData.databaseFile, { timeout: 0 });
/** Rows per INSERT statement: one statement for many rows costs far less than one for each. */
const ROWS_PER_INSERT = 50;
/** The prepared INSERT for each number of rows used so far (ROWS_PER_INSERT, and the remainders). */
const inserts = new Map();
function insertRows(rows) {
  let statement = inserts.get(rows);
  if (!statement) {
    statement = sqlite.prepare(
      `INSERT INTO TaskOutput (taskId, seq, stream, line, jsonType, createdAt)
       VALUES ${Array(rows).fill("(?, ?, ?, ?, ?, ?)").join(", ")} ON CONFLICT (taskId, seq) DO NOTHING`,
    );
    inserts.set(rows, statement);
  }
  return statement;
}
const selectHighestSeq = sqlite.prepare(`SELECT MAX(seq) FROM TaskOutput WHERE taskId = ?`).pluck();

/** The highest committed seq of each task written to or asked about. */
const highestSeq = new Map();
/** @type {Array<{ id: number, taskId: string, lines: Array<{ seq: number, stream: string, line: string, jsonType: string | null, createdAt: string }> }>} */
let waiting = [];
let flushScheduled = false;

const storedSeq = (taskId) => highestSeq.get(taskId) ?? selectHighestSeq.get(taskId) ?? 0;

/** Inserts the lines above the task's highest stored seq, each seq once, in order; returns the new highest. */
function insert(taskId, appends) {
  let highest = storedSeq(taskId);
  const lines = appends.length === 1 ? appends[0].lines : appends.flatMap((append) => append.lines);
  lines.sort((a, b) => a.seq - b.seq);
  const values = [];
  for (const line of lines) {
    if (line.seq <= highest) continue;
    values.push(taskId, line.seq, line.stream, line.line, line.jsonType, line.createdAt);
    highest = line.seq;
  }
  for (let at = 0; at < values.length; at += ROWS_PER_INSERT * 6) {
    const rows = values.slice(at, at + ROWS_PER_INSERT * 6);
    insertRows(rows.length / 6).run(rows);
  }
  return highest;
}

/** One task's lines in a savepoint: a failure (say, the task was deleted) costs only that task its write. */
const writeTask = sqlite.transaction(insert);

/** Every task's waiting appends in one transaction: one commit. */
const writeAll = sqlite.transaction((byTask) => {
  const written = new Map();
  for (const [taskId, appends] of byTask) {
    try {
      written.set(taskId, { highestSeq: writeTask(taskId, appends) });
    } catch (error) {
      written.set(taskId, { error: describe(error) });
    }
  }
  return written;
}).immediate;

function describe(error) {
  const code = error?.code;
  return { message: error?.message ?? String(error), code, gone: code === "SQLITE_CONSTRAINT_FOREIGNKEY" };
}

function scheduleFlush(delayMs) {
  if (flushScheduled) return;
  flushScheduled = true;
  const run = () => {
    flushScheduled = false;
    flush();
  };
  if (delayMs > 0) setTimeout(run, delayMs);
  else setImmediate(run);
}

function flush() {
  if (waiting.length === 0) return;
  const batch = waiting;
  waiting = [];
  const byTask = new Map();
  for (const append of batch) {
    const appends = byTask.get(append.taskId);
    if (appends) appends.push(append);
    else byTask.set(append.taskId, [append]);
  }
  let written;
  try {
    written = writeAll(byTask);
  } catch (error) {
    if (error?.code?.startsWith("SQLITE_BUSY")) {
      waiting = batch.concat(waiting);
      scheduleFlush(BUSY_RETRY_MS);
    } else {
      answerWrites(batch.map((append) => ({ id: append.id, error: describe(error) })));
    }
    return;
  }
  // Committed: only now do the lines count as stored.
  const replies = [];
  for (const [taskId, result] of written) {
    if (result.highestSeq !== undefined) highestSeq.set(taskId, result.highestSeq);
    for (const append of byTask.get(taskId)) replies.push({ id: append.id, ...result });
  }
  answerWrites(replies);
}

/** Answers the appends of one transaction (or of its failure) in one message. */
function answerWrites(replies) {
  parentPort.postMessage({ replies });
}

parentPort.on("message", (message) => {
  if (message.type === "write") {
    for (const append of message.appends) waiting.push(append);
    // What arrives before the next turn goes in the same transaction.
    scheduleFlush(0);
  } else if (message.type === "highest") {
    try {
      parentPort.postMessage({ replies: [{ id: message.id, highestSeq: storedSeq(message.taskId) }] });
    } catch (error) {
      parentPort.postMessage({ replies: [{ id: message.id, error: describe(error) }] });
    }
  } else if (message.type === "close") {
    closeWhenWritten(message.id);
  }
});

/** How long closing waits out another connection's lock before it gives up on what is still waiting. */
const CLOSE_WAIT_MS = 2000;

/** Writes what is waiting (waiting out another connection's lock), then closes the connection and ends the thread. */
function closeWhenWritten(id, deadline = Date.now() + CLOSE_WAIT_MS) {
  flush();
  if (waiting.length > 0 && Date.now() < deadline)
    return setTimeout(() => closeWhenWritten(id, deadline), BUSY_RETRY_MS);
  const unwritten = waiting.splice(0);
  if (unwritten.length > 0)
    answerWrites(
      unwritten.map((append) => ({
        id: append.id,
        error: { message: "The output store closed before this was written" },
      })),
    );
  sqlite.close();
  parentPort.postMessage({ replies: [{ id, closed: true }] });
  parentPort.close();
}
