import "server-only";
import { Worker } from "node:worker_threads";
import type { PrismaClient } from "../db/client";
import type { StoredLine, TaskHistoryPage } from "../../shared/protocol/ui";
import { TaskGoneError, type OutputStore } from "../output-store";
import { readOutputPage } from "../tasks/output-history";

interface Append {
  id: number;
  taskId: string;
  lines: readonly StoredLine[];
}

/** To the writer: a batch of appends, a question, or the end. */
type Request =
  | { type: "write"; appends: Append[] }
  | { type: "highest"; id: number; taskId: string }
  | { type: "close"; id: number };

interface Reply {
  id: number;
  highestSeq?: number;
  error?: { message: string; code?: string; gone?: boolean };
  closed?: true;
}

/** From the writer: the answers to every append of one transaction, to a question, or to the close. */
interface Replies {
  replies: Reply[];
}

interface Waiting {
  taskId: string;
  resolve: (highestSeq: number) => void;
  reject: (error: unknown) => void;
}

/**
 * The output store on SQLite. Writing is the server's hot path, so it bypasses Prisma and leaves the event loop: a
 * worker thread (`sqlite-output-writer.mjs`) holds a connection of its own and writes each batch of appends, from every
 * task, in one transaction (one commit) through a prepared statement, each task in a savepoint of its own; an append
 * resolves only once that transaction has committed. A commit, and the WAL checkpoint that follows every few thousand
 * lines with its fsync, then costs the server's event loop nothing: browsers keep getting lines meanwhile.
 *
 * The appends of one turn of the event loop go to the writer as one message, and the writer answers all those of one
 * transaction (whatever reached it since the last) in one message: the busier the server, the larger and fewer the
 * batches, messages, wake-ups and commits, rather than one of each per append competing for the CPU with the relay.
 * The writer is never kept waiting for the event loop, though: a batch goes without waiting for the answer to the one
 * before, since the daemons' send windows wait for those answers.
 * The worker keeps each task's highest stored seq and drops the lines at or below it (replays); the unique
 * (taskId, seq) index backs this up. History is read through Prisma, like the API's.
 */
export class SqliteOutputStore implements OutputStore {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiting>();
  /** This turn's appends, not yet handed to the writer. */
  private queued: Append[] = [];
  private batchScheduled = false;
  private nextId = 1;
  private closing: Promise<void> | null = null;

  constructor(
    private readonly db: PrismaClient,
    private readonly databaseFile: string,
  ) {
    this.writer();
  }

  append(taskId: string, lines: readonly StoredLine[]): Promise<number> {
    return this.request(taskId, (id) => {
      this.queued.push({ id, taskId, lines });
      // The appends of one turn of the event loop go to the writer together.
      if (!this.batchScheduled) {
        this.batchScheduled = true;
        setImmediate(() => {
          this.batchScheduled = false;
          this.sendBatch();
        });
      }
    });
  }

  highestStoredSeq(taskId: string): Promise<number> {
    return this.request(taskId, (id) => this.writer().postMessage({ type: "highest", id, taskId } satisfies Request));
  }

  history(taskId: string, afterSeq: number, limit: number): Promise<TaskHistoryPage> {
    return readOutputPage(this.db, taskId, afterSeq, limit);
  }

  /** Lets the writer finish what reached it, then ends it. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      const worker = this.worker;
      if (!worker) return resolve();
      // Held by the thread again until it has ended, so that the process waits for it.
      worker.ref();
      worker.once("exit", () => resolve());
      // The writer takes its messages in order: what is queued is written before it closes.
      this.sendBatch();
      worker.postMessage({ type: "close", id: 0 } satisfies Request);
    });
    return this.closing;
  }

  private request(taskId: string, send: (id: number) => void): Promise<number> {
    if (this.closing) return Promise.reject(new Error("The output store is closed"));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { taskId, resolve, reject });
      send(id);
    });
  }

  private sendBatch(): void {
    if (this.queued.length === 0) return;
    const appends = this.queued;
    this.queued = [];
    this.writer().postMessage({ type: "write", appends } satisfies Request);
  }

  /** The writer thread, started again if it ended (it only ends on close, or if it crashed). */
  private writer(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL("./sqlite-output-writer.mjs", import.meta.url), {
      workerData: { databaseFile: this.databaseFile },
      // Plain JavaScript: it needs none of the server's loaders.
      execArgv: [],
    });
    // Like a socket, it keeps nothing alive by itself: the server's close() ends it.
    worker.unref();
    worker.on("message", ({ replies }: Replies) => {
      for (const reply of replies) this.answered(reply);
    });
    worker.on("error", (error) => console.error("[output] the SQLite writer failed:", error));
    worker.on("exit", (code) => {
      if (this.worker === worker) this.worker = null;
      const error = new Error(`The SQLite output writer stopped (exit code ${code})`);
      for (const waiting of this.waiting.values()) waiting.reject(error);
      this.waiting.clear();
      this.queued = [];
    });
    this.worker = worker;
    return worker;
  }

  private answered(reply: Reply): void {
    const waiting = this.waiting.get(reply.id);
    if (!waiting) return;
    this.waiting.delete(reply.id);
    if (reply.highestSeq !== undefined) return waiting.resolve(reply.highestSeq);
    const { message, code, gone } = reply.error ?? { message: "No answer from the SQLite output writer" };
    if (gone) return waiting.reject(new TaskGoneError(waiting.taskId));
    waiting.reject(Object.assign(new Error(message), { code }));
  }
}
