import "server-only";
import type { StoredLine, TaskHistoryPage } from "../shared/protocol/ui";

/**
 * Where task output lines are kept. `SqliteOutputStore` (lib/server/output-stores/sqlite-output-store.ts) is the one
 * in use; another database's store (PostgreSQL) goes next to it and is chosen in `startServer`. The server never talks
 * to a store directly on the hot path: `LiveOutput` (lib/server/live-output.ts) publishes each line to browsers first,
 * then hands it here, and answers the daemon with what the store says is stored. Browsers do not wait for the store;
 * the daemon's acknowledgements, and so its memory and send window, do.
 *
 * What `LiveOutput` guarantees a store: one task's appends come one at a time (the next only once the one before has
 * settled), each with lines in seq order, each seq once, above what the store last said was stored for the task.
 * Appends of different tasks come at the same time, and a replay may repeat lines already stored.
 *
 * What an implementation promises:
 * - `append` stores the lines above the task's highest stored seq, in seq order, each seq once (a replay is dropped; a
 *   unique (taskId, seq) index backs this up, so that even two server processes could not double a line), and
 *   resolves with the task's highest stored seq only once they are durable (committed): the daemon forgets every line
 *   up to that seq. All of one call is stored or none of it. It rejects with `TaskGoneError` when the task no longer
 *   exists, with any other error when the write failed (nothing of that call is stored; the daemon sends the lines
 *   again, and `LiveOutput` stores nothing past the gap until they come).
 * - Appends of different tasks may be written together (one transaction, as many as arrive while one is written: the
 *   busier, the fewer commits), but one task's failure costs only that task. It must not hold up the event loop:
 *   writing happens off it (a worker thread, or a driver's asynchronous I/O), and it should keep up with 20,000 lines
 *   a second from 20 tasks (`npm run bench:relay`).
 * - `createdAt` is stored as given (the time the server received the line), not the time of the write.
 * - `highestStoredSeq` is what is committed, not what waits to be.
 * - `history` reads committed lines only, in seq order, without waiting for writes under way.
 * - `close` writes what was appended before it (or rejects those appends), then lets go of the database; appends after
 *   it reject.
 */
export interface OutputStore {
  /** Stores the lines (their `createdAt` is kept as given) and resolves with the task's highest stored seq. */
  append(taskId: string, lines: readonly StoredLine[]): Promise<number>;
  /** The highest seq stored for the task (0 for none). */
  highestStoredSeq(taskId: string): Promise<number>;
  /** Up to `limit` stored lines after `afterSeq`, in seq order, and whether more follow. */
  history(taskId: string, afterSeq: number, limit: number): Promise<TaskHistoryPage>;
  /** Writes what is waiting, then lets go of the database. */
  close(): Promise<void>;
}

/** Lines arrived for a task that no longer exists (deleted while it ran): a final refusal, not a server error. */
export class TaskGoneError extends Error {
  constructor(readonly taskId: string) {
    super(`Task ${taskId} no longer exists`);
  }
}
