import type { PrismaClient } from "../db/client";
import type { OutputLine } from "../protocol/daemon";
import type { StoredLine } from "../protocol/ui";

const ROWS_PER_STATEMENT = 500;

/**
 * Stores task output lines. Writes for one task run one after another, so the highest stored seq per
 * task is known without asking the database again; lines at or below it are replays after a reconnect
 * and are dropped (the unique (taskId, seq) index backs this up). Only new lines are passed on to
 * `onStored`, so browsers never see a line twice.
 */
export class OutputStore {
  private readonly highestSeq = new Map<string, number>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly db: PrismaClient,
    private readonly onStored: (taskId: string, lines: StoredLine[]) => void,
  ) {}

  /** Stores the lines and resolves with the highest seq stored for the task. */
  append(taskId: string, lines: OutputLine[]): Promise<number> {
    const previous = this.queues.get(taskId) ?? Promise.resolve();
    const next = previous.then(() => this.write(taskId, lines));
    const settled = next.catch(() => undefined);
    this.queues.set(taskId, settled);
    settled.then(() => {
      if (this.queues.get(taskId) === settled) this.queues.delete(taskId);
    });
    return next;
  }

  /** The highest seq stored for a task (0 when none). */
  async storedSeq(taskId: string): Promise<number> {
    const known = this.highestSeq.get(taskId);
    if (known !== undefined) return known;
    const rows = await this.db.$queryRawUnsafe<{ max: number | bigint | null }[]>(
      `SELECT MAX(seq) AS max FROM TaskOutput WHERE taskId = ?`,
      taskId,
    );
    const max = Number(rows[0]?.max ?? 0);
    this.highestSeq.set(taskId, max);
    return max;
  }

  forget(taskId: string): void {
    this.highestSeq.delete(taskId);
  }

  private async write(taskId: string, lines: OutputLine[]): Promise<number> {
    const stored = await this.storedSeq(taskId);
    const fresh = lines.filter((line) => line.seq > stored).sort((a, b) => a.seq - b.seq);
    if (fresh.length === 0) return stored;
    const createdAt = new Date().toISOString();
    for (let i = 0; i < fresh.length; i += ROWS_PER_STATEMENT) {
      const chunk = fresh.slice(i, i + ROWS_PER_STATEMENT);
      const values: unknown[] = [];
      for (const line of chunk) values.push(taskId, line.seq, line.stream, line.line, line.jsonType, createdAt);
      await this.db.$executeRawUnsafe(
        `INSERT INTO TaskOutput (taskId, seq, stream, line, jsonType, createdAt) VALUES ${chunk
          .map(() => "(?, ?, ?, ?, ?, ?)")
          .join(", ")} ON CONFLICT (taskId, seq) DO NOTHING`,
        ...values,
      );
    }
    const highest = fresh[fresh.length - 1].seq;
    this.highestSeq.set(taskId, highest);
    this.onStored(
      taskId,
      fresh.map((line) => ({ ...line, createdAt })),
    );
    return highest;
  }

  /** A page of stored lines after `afterSeq`, in seq order. */
  async history(taskId: string, afterSeq: number, limit: number): Promise<StoredLine[]> {
    const rows = await this.db.taskOutput.findMany({
      where: { taskId, seq: { gt: afterSeq } },
      orderBy: { seq: "asc" },
      take: limit,
      select: { seq: true, stream: true, line: true, jsonType: true, createdAt: true },
    });
    return rows.map((row) => ({
      seq: row.seq,
      stream: row.stream as StoredLine["stream"],
      line: row.line,
      jsonType: row.jsonType,
      createdAt: row.createdAt.toISOString(),
    }));
  }
}
