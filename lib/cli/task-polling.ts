import { FINISHED_TASK_STATUSES, type TaskStatus } from "../shared/protocol/daemon";
import type { ApiOutputLine, ApiTask, MakimaApi } from "./api";

/** How often `wait` and `output --follow` ask the server again. */
const POLL_INTERVAL_MS = 1000;

/** Ended for good: a pending task, and a paused supervisor waiting for a message, are still going. */
function hasEnded(status: TaskStatus): boolean {
  return FINISHED_TASK_STATUSES.includes(status);
}

interface Clock {
  sleep(ms: number): Promise<void>;
  now(): number;
}

/** Polls the task until it has ended, or until `timeoutMs` (null: for ever) has passed; resolves with its last state. */
export async function waitForTask(
  api: MakimaApi,
  taskId: string,
  timeoutMs: number | null,
  clock: Clock,
): Promise<{ task: ApiTask; timedOut: boolean }> {
  const deadline = timeoutMs === null ? Infinity : clock.now() + timeoutMs;
  for (;;) {
    const { task } = await api.task(taskId);
    if (hasEnded(task.status)) return { task, timedOut: false };
    const left = deadline - clock.now();
    if (left <= 0) return { task, timedOut: true };
    await clock.sleep(Math.min(POLL_INTERVAL_MS, left));
  }
}

/**
 * Reads the task's output lines in seq order, page by page, handing each new line to `onLine` once. With `follow`,
 * goes on until the task has ended and every line is read (a task's end is only recorded once all its output is
 * stored), sleeping between polls that found nothing more. Resolves with the task's last status.
 */
export async function readOutput(
  api: MakimaApi,
  taskId: string,
  options: { follow: boolean; sleep: (ms: number) => Promise<void>; onLine: (line: ApiOutputLine) => void },
): Promise<TaskStatus> {
  let afterSeq = 0;
  for (;;) {
    const page = await api.output(taskId, afterSeq);
    for (const line of page.lines) {
      // Seqs only grow; a line at or below the last one printed would be a repeat.
      if (line.seq <= afterSeq) continue;
      options.onLine(line);
      afterSeq = line.seq;
    }
    afterSeq = Math.max(afterSeq, page.nextSeq);
    if (page.hasMore && page.lines.length > 0) continue;
    if (!options.follow || hasEnded(page.status)) return page.status;
    await options.sleep(POLL_INTERVAL_MS);
  }
}
