import "server-only";
import Database from "better-sqlite3";
import type { PrismaClient } from "./db/client";
import type { OutputLine } from "../shared/protocol/daemon";
import type { StoredLine, TaskHistoryPage } from "../shared/protocol/ui";
import { readOutputPage } from "./tasks/output-history";

/** How soon to try again when another connection holds SQLite's write lock. */
const BUSY_RETRY_MS = 5;

interface Append {
  taskId: string;
  lines: OutputLine[];
  resolve: (highestSeq: number) => void;
  reject: (error: unknown) => void;
}

interface TaskWrite {
  highestSeq: number;
  fresh: StoredLine[];
}

/** Lines arrived for a task that no longer exists (deleted while it ran): a final refusal, not a server error. */
export class TaskGoneError extends Error {
  constructor(readonly taskId: string) {
    super(`Task ${taskId} no longer exists`);
  }
}

/**
 * Stores task output lines. This is the server's hot path, so it bypasses Prisma: appends arriving in
 * the same event-loop turn, from every task, are written in one SQLite transaction (one commit) through
 * a prepared statement on a connection of its own, and each resolves only once that transaction has
 * committed. The highest stored seq per task is kept in memory; lines at or below it are replays after
 * a reconnect and are dropped (the unique (taskId, seq) index backs this up). Only new lines are passed
 * on to `onStored`, in seq order, so browsers never see a line twice.
 */
export class OutputStore {
  private readonly highestSeq = new Map<string, number>();
  private waiting: Append[] = [];
  private flushScheduled = false;
  private readonly sqlite: Database.Database;
  private readonly insertLine: Database.Statement;
  private readonly selectHighestSeq: Database.Statement<[string], number | null>;
  private readonly writeAll: (byTask: Map<string, Append[]>) => Map<string, TaskWrite | Error>;
  /** One task's lines, in a savepoint: a failure (say, the task was deleted) costs only that task its write. */
  private readonly writeTask: (taskId: string, appends: Append[], createdAt: string) => TaskWrite;

  constructor(
    private readonly db: PrismaClient,
    databaseFile: string,
    private readonly onStored: (taskId: string, lines: StoredLine[]) => void,
  ) {
    // No busy wait: it would block the event loop, and with it whoever holds the lock. flush() retries instead.
    this.sqlite = new Database(databaseFile, { timeout: 0 });
    this.insertLine = this.sqlite.prepare(
      `INSERT INTO TaskOutput (taskId, seq, stream, line, jsonType, createdAt) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (taskId, seq) DO NOTHING`,
    );
    this.selectHighestSeq = this.sqlite
      .prepare<[string], number | null>(`SELECT MAX(seq) FROM TaskOutput WHERE taskId = ?`)
      .pluck();
    this.writeTask = this.sqlite.transaction((taskId: string, appends: Append[], createdAt: string) =>
      this.insert(taskId, appends, createdAt),
    );
    this.writeAll = this.sqlite.transaction((byTask: Map<string, Append[]>) => {
      const createdAt = new Date().toISOString();
      const written = new Map<string, TaskWrite | Error>();
      for (const [taskId, appends] of byTask) {
        try {
          written.set(taskId, this.writeTask(taskId, appends, createdAt));
        } catch (error) {
          const gone = (error as { code?: string }).code === "SQLITE_CONSTRAINT_FOREIGNKEY";
          written.set(
            taskId,
            gone ? new TaskGoneError(taskId) : error instanceof Error ? error : new Error(String(error)),
          );
        }
      }
      return written;
    }).immediate;
  }

  /** Stores the lines and resolves with the highest seq stored for the task. */
  append(taskId: string, lines: OutputLine[]): Promise<number> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ taskId, lines, resolve, reject });
      this.scheduleFlush(0);
    });
  }

  /** Writes what is waiting, then closes the connection. */
  close(): void {
    this.flush();
    this.sqlite.close();
  }

  private scheduleFlush(delayMs: number): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    const run = () => {
      this.flushScheduled = false;
      this.flush();
    };
    if (delayMs > 0) setTimeout(run, delayMs);
    else setImmediate(run);
  }

  private flush(): void {
    if (this.waiting.length === 0) return;
    const batch = this.waiting;
    this.waiting = [];
    const byTask = new Map<string, Append[]>();
    for (const append of batch) {
      const appends = byTask.get(append.taskId);
      if (appends) appends.push(append);
      else byTask.set(append.taskId, [append]);
    }

    let written: Map<string, TaskWrite | Error>;
    try {
      written = this.writeAll(byTask);
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith("SQLITE_BUSY")) {
        this.waiting = batch.concat(this.waiting);
        this.scheduleFlush(BUSY_RETRY_MS);
      } else {
        for (const append of batch) append.reject(error);
      }
      return;
    }

    // Committed: only now do the lines count as stored.
    for (const [taskId, result] of written) {
      const appends = byTask.get(taskId)!;
      if (result instanceof Error) {
        for (const append of appends) append.reject(result);
        continue;
      }
      this.highestSeq.set(taskId, result.highestSeq);
      if (result.fresh.length > 0) this.onStored(taskId, result.fresh);
      for (const append of appends) append.resolve(result.highestSeq);
    }
  }

  /** Inserts the lines above the task's highest stored seq, each seq once, in order. */
  private insert(taskId: string, appends: Append[], createdAt: string): TaskWrite {
    let highestSeq = this.highestSeq.get(taskId) ?? this.selectHighestSeq.get(taskId) ?? 0;
    const lines = appends.flatMap((append) => append.lines);
    lines.sort((a, b) => a.seq - b.seq);
    const fresh: StoredLine[] = [];
    for (const line of lines) {
      if (line.seq <= highestSeq) continue;
      this.insertLine.run(taskId, line.seq, line.stream, line.line, line.jsonType, createdAt);
      fresh.push({ ...line, createdAt });
      highestSeq = line.seq;
    }
    return { highestSeq, fresh };
  }

  /** The highest seq stored for the task (0 for none): a continuation's output is numbered on from it. */
  async highestStoredSeq(taskId: string): Promise<number> {
    return this.highestSeq.get(taskId) ?? this.selectHighestSeq.get(taskId) ?? 0;
  }

  /** A page of stored lines after `afterSeq`, in seq order, read through Prisma like the API's (see `readOutputPage`). */
  history(taskId: string, afterSeq: number, limit: number): Promise<TaskHistoryPage> {
    return readOutputPage(this.db, taskId, afterSeq, limit);
  }
}
