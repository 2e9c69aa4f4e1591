import "server-only";
import type { OutputLine } from "../shared/protocol/daemon";
import type { StoredLine, TaskHistoryPage } from "../shared/protocol/ui";
import { TaskGoneError, type OutputStore } from "./output-store";

/**
 * Lines that cannot be stored yet: an earlier write of the task's output failed and its lines have not come again, so
 * storing these would leave a gap the replay could no longer fill (the store drops what is at or below its highest
 * seq). A passing refusal: the daemon sends again from what was acknowledged.
 */
export class OutputGapError extends Error {
  constructor(
    readonly taskId: string,
    readonly storedSeq: number,
  ) {
    super(`An earlier write of task ${taskId}'s output failed: send again after seq ${storedSeq}`);
  }
}

interface Call {
  lines: StoredLine[];
  resolve: (storedSeq: number) => void;
  reject: (error: unknown) => void;
}

/** What this server process knows of one task's output. */
interface TaskOutput {
  /** The highest seq sent to browsers. */
  published: number;
  /** The highest seq the store has committed. */
  stored: number;
  /** Published but not committed yet, in seq order: a history page read meanwhile includes them. */
  unstored: StoredLine[];
  /** An append of this task is under way; `next` waits for it and then goes as one append. */
  writing: boolean;
  next: Call[];
  /** The last append failed: until its lines come again, later lines are not stored. */
  failed: boolean;
}

/**
 * A task's output on its way from the daemons to the browsers and the store. Each line is published to the task's room
 * as soon as it has been validated (the daemon hub calls `receive` once the message is checked and the task is the
 * daemon's), before it is written: browsers do not wait for the database. Then it is stored, and only once it is
 * committed does the daemon get its acknowledgement (`receive` resolves with the highest stored seq).
 *
 * Exactly once still holds. Publishing goes by what this process has published (`published`), storing by what is
 * stored (`stored`): a line is published once per process, in seq order, and a replay after a failed write is stored
 * without being published again (the browser already has it; it keeps one copy per seq anyway). A line shown but not
 * stored is not acknowledged, so the daemon sends it again until it is stored. A task's appends go one at a time (what
 * arrives meanwhile goes together in the next), so its lines reach the store in order; after a failed one, lines past
 * the gap are refused (`OutputGapError`) until the daemon's replay fills it. A subscriber's history page includes the
 * lines published but not yet committed (`history`), so one that joins the task's room in between misses nothing.
 */
export class LiveOutput {
  private readonly tasks = new Map<string, TaskOutput>();
  /** Receives waiting for a task's state to be read (its highest stored seq), in arrival order. */
  private readonly turns = new Map<string, { ready: Promise<TaskOutput>; waiting: number }>();

  constructor(
    private readonly store: OutputStore,
    private readonly publish: (taskId: string, lines: StoredLine[]) => void,
  ) {}

  /**
   * Takes a validated batch of a task's lines: publishes those above what was published, then stores those above what
   * is stored, and resolves with the highest stored seq once they are committed. Called in the order the batches
   * arrived; publishing happens within the call unless the task's state must be read first.
   */
  receive(taskId: string, lines: readonly OutputLine[]): Promise<number> {
    const createdAt = new Date().toISOString();
    // Field by field rather than spread: this runs for every line relayed.
    const stamped = inSeqOrder(
      lines.map(({ seq, stream, line, jsonType }) => ({ seq, stream, line, jsonType, createdAt })),
    );
    const task = this.tasks.get(taskId);
    if (task && !this.turns.has(taskId)) return this.take(taskId, task, stamped);
    return this.inTurn(taskId, (known) => this.take(taskId, known, stamped));
  }

  /**
   * The highest seq stored for the task, for a new run to number its lines on from. What was published above it was
   * never stored (its write failed and its daemon is gone): the new run's lines take those seqs, so they are published.
   */
  async highestStoredSeq(taskId: string): Promise<number> {
    const stored = await this.store.highestStoredSeq(taskId);
    const task = this.tasks.get(taskId);
    if (!task) return stored;
    task.stored = Math.max(task.stored, stored);
    task.published = task.stored;
    task.unstored = [];
    task.failed = false;
    return task.stored;
  }

  /**
   * A page of the task's lines after `afterSeq`: the store's, followed on its last page by the lines published but not
   * committed yet. Those are taken before the store is read, so a line committed meanwhile is in the page twice at
   * worst (the browser keeps one copy per seq), never missing.
   */
  async history(taskId: string, afterSeq: number, limit: number): Promise<TaskHistoryPage> {
    const unstored = this.tasks.get(taskId)?.unstored.filter((line) => line.seq > afterSeq) ?? [];
    const page = await this.store.history(taskId, afterSeq, limit);
    if (page.hasMore || unstored.length === 0) return page;
    const lastSeq = page.lines.at(-1)?.seq ?? afterSeq;
    const after = unstored.filter((line) => line.seq > lastSeq);
    const room = limit - page.lines.length;
    return { ...page, lines: [...page.lines, ...after.slice(0, room)], hasMore: after.length > room };
  }

  close(): Promise<void> {
    return this.store.close();
  }

  private take(taskId: string, task: TaskOutput, lines: StoredLine[]): Promise<number> {
    const firstFresh = lines.findIndex((line) => line.seq > task.published);
    if (firstFresh !== -1) {
      const fresh = firstFresh === 0 ? lines : lines.slice(firstFresh);
      task.published = fresh[fresh.length - 1].seq;
      for (const line of fresh) task.unstored.push(line);
      this.publish(taskId, fresh);
    }
    const above = lines.filter((line) => line.seq > task.stored);
    if (above.length === 0) return Promise.resolve(task.stored); // a replay of stored lines
    return new Promise((resolve, reject) => {
      task.next.push({ lines: above, resolve, reject });
      if (!task.writing) this.write(taskId, task);
    });
  }

  /** Stores what waits for the task, as one append. */
  private write(taskId: string, task: TaskOutput): void {
    const calls = task.next;
    if (calls.length === 0) return;
    task.next = [];
    const lines = linesAbove(calls, task.stored);
    if (lines.length === 0) return calls.forEach((call) => call.resolve(task.stored));
    if (task.failed && lines[0].seq !== task.stored + 1) {
      const error = new OutputGapError(taskId, task.stored);
      return calls.forEach((call) => call.reject(error));
    }
    task.writing = true;
    this.store
      .append(taskId, lines)
      .then(
        (highestSeq) => {
          task.stored = Math.max(task.stored, highestSeq);
          task.failed = false;
          const firstUnstored = task.unstored.findIndex((line) => line.seq > task.stored);
          task.unstored.splice(0, firstUnstored === -1 ? task.unstored.length : firstUnstored);
          for (const call of calls) call.resolve(task.stored);
        },
        (error: unknown) => {
          // Lines published for a deleted task did no harm; nothing more of it is kept.
          if (error instanceof TaskGoneError) this.tasks.delete(taskId);
          else task.failed = true;
          for (const call of calls) call.reject(error);
        },
      )
      .finally(() => {
        task.writing = false;
        this.write(taskId, task);
      });
  }

  /**
   * Runs `take` once the task's state is known, after every receive of the task that came before: the first receive of
   * a task reads its highest stored seq, and those arriving meanwhile wait their turn behind it.
   */
  private inTurn<T>(taskId: string, take: (task: TaskOutput) => Promise<T>): Promise<T> {
    let turn = this.turns.get(taskId);
    if (!turn) {
      const ready = this.store.highestStoredSeq(taskId).then((stored) => {
        const task = this.tasks.get(taskId) ?? newTask(stored);
        this.tasks.set(taskId, task);
        return task;
      });
      turn = { ready, waiting: 0 };
      this.turns.set(taskId, turn);
    }
    const current = turn;
    current.waiting++;
    const done = () => {
      if (--current.waiting === 0 && this.turns.get(taskId) === current) this.turns.delete(taskId);
    };
    return current.ready.then(
      (task) => {
        done();
        return take(task);
      },
      (error: unknown) => {
        done();
        throw error;
      },
    );
  }
}

function newTask(stored: number): TaskOutput {
  return { published: stored, stored, unstored: [], writing: false, next: [], failed: false };
}

/** The lines in seq order, each seq once (a daemon sends them so; anything else is put right). */
function inSeqOrder(lines: StoredLine[]): StoredLine[] {
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].seq <= lines[i - 1].seq) {
      const bySeq = new Map(lines.map((line) => [line.seq, line]));
      return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
    }
  }
  return lines;
}

/** The calls' lines above `storedSeq`, in seq order, each seq once. */
function linesAbove(calls: Call[], storedSeq: number): StoredLine[] {
  const lines = inSeqOrder(calls.length === 1 ? calls[0].lines : calls.flatMap((call) => call.lines));
  const first = lines.findIndex((line) => line.seq > storedSeq);
  return first === -1 ? [] : first === 0 ? lines : lines.slice(first);
}
