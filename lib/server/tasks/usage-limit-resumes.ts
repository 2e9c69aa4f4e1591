import "server-only";
import type { PrismaClient } from "../db/client";
import type { Task } from "../../generated/prisma/client";

/** setTimeout's longest wait; a later resume is looked at again then. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/**
 * Wakes the tasks waiting for a usage limit to reset: at the earliest `resumeAt` of them (never before), each due
 * task becomes pending again, a continuation of its conversation the scheduler hands to its daemon. Armed again
 * after every wait that starts and after each wake; at start-up, waits a previous server run left are picked up.
 */
export class UsageLimitResumes {
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly db: PrismaClient,
    private readonly events: { changed: (task: Task) => void; schedule: () => void },
  ) {}

  /** Sets the timer for the next task due. */
  async arm(): Promise<void> {
    clearTimeout(this.timer);
    if (this.closed) return;
    const next = await this.db.task.findFirst({
      where: { status: "waiting_for_usage_limit", resumeAt: { not: null } },
      orderBy: { resumeAt: "asc" },
      select: { resumeAt: true },
    });
    if (!next?.resumeAt || this.closed) return;
    const delay = Math.min(Math.max(0, next.resumeAt.getTime() - Date.now()), LONGEST_TIMER_MS);
    this.timer = setTimeout(() => void this.wakeDue().catch((error) => console.error("[resumes]", error)), delay);
    this.timer.unref();
  }

  /** Makes the tasks due by `now` pending, then arms the timer for the next. */
  async wakeDue(now = new Date()): Promise<Task[]> {
    const due = await this.db.task.findMany({
      where: { status: "waiting_for_usage_limit", resumeAt: { lte: now } },
      select: { id: true },
    });
    const woken: Task[] = [];
    for (const { id } of due) {
      const { count } = await this.db.task.updateMany({
        where: { id, status: "waiting_for_usage_limit" },
        data: { status: "pending", resumeAt: null, error: null },
      });
      if (count === 0) continue;
      const task = await this.db.task.findUniqueOrThrow({ where: { id } });
      console.log(`[resumes] the usage limit of task ${id} has reset: it resumes`);
      this.events.changed(task);
      woken.push(task);
    }
    if (woken.length) this.events.schedule();
    await this.arm();
    return woken;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }
}
