import "server-only";
import type { PrismaClient } from "../db/client";
import type { Contract, Task } from "../../generated/prisma/client";
import type { SpawnTask } from "../../shared/protocol/daemon";
import type { DaemonHub } from "../daemon-hub";
import { createTaskApiKey, revokeTaskApiKeys } from "../api-keys/api-key-store";
import { RetryTimer, type BackoffPolicy } from "../../shared/retry/backoff";
import { SUPERVISOR_ALLOW_RULES } from "../../shared/permissions/rules";
import { readAllowRules } from "../contracts/allow-rules";
import type { TaskLifecycle } from "./task-lifecycle";

/** After a daemon refused a task: one second, every time (a later refusal moves the retry on). */
const RETRY_AFTER_REFUSAL: BackoffPolicy = { initialMs: 1000 };

export function spawnTaskCommand(task: Task & { contract: Contract }, apiKey?: string): SpawnTask {
  return {
    type: "spawnTask",
    taskId: task.id,
    contractId: task.contractId,
    taskName: task.name,
    plan: task.plan,
    repository: task.contract.repository,
    baseBranch: task.contract.baseBranch,
    targetBranch: task.contract.targetBranch,
    autonomousLoop: task.autonomousLoop,
    maxIterations: task.contract.maxIterations,
    isSupervisor: task.isSupervisor,
    completionAction: task.contract.completionAction,
    permissionMode: task.permissionMode,
    allowRules: [...new Set([...readAllowRules(task.contract), ...(task.isSupervisor ? SUPERVISOR_ALLOW_RULES : [])])],
    apiKey,
  };
}

/**
 * Assigns pending tasks, oldest first, to the connected daemon with the most free capacity. Runs are
 * serialised: a call while one is under way makes it go round once more instead of racing it.
 */
export class TaskScheduler {
  private running: Promise<void> | null = null;
  private again = false;
  private readonly retry = new RetryTimer(RETRY_AFTER_REFUSAL, { unref: true });

  constructor(
    private readonly db: PrismaClient,
    private readonly hub: DaemonHub,
    private readonly lifecycle: TaskLifecycle,
  ) {}

  schedule(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.assignPending();
        } while (this.again);
      } catch (error) {
        console.error("[scheduler] assignment failed:", error);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** A daemon's view of its load can lag the database's by a message: try a refused task again shortly. */
  private retryLater(): void {
    this.retry.schedule(() => void this.schedule());
  }

  private async assignPending(): Promise<void> {
    const pending = await this.db.task.findMany({
      where: { status: "pending", contract: { status: "active" } },
      orderBy: { createdAt: "asc" },
      include: { contract: true },
    });
    if (pending.length === 0) return;
    const slots = await this.hub.freeSlots();
    for (const task of pending) {
      const daemonId = [...slots.entries()].filter(([, free]) => free > 0).sort((a, b) => b[1] - a[1])[0]?.[0];
      if (!daemonId) return;
      slots.set(daemonId, slots.get(daemonId)! - 1);
      if (!(await this.lifecycle.claim(task.id, daemonId))) continue;
      const apiKey = await createTaskApiKey(this.db, task);
      const answer = await this.hub.send(daemonId, spawnTaskCommand(task, apiKey));
      if (!answer.ok) {
        console.warn(`[scheduler] daemon refused task ${task.id}: ${answer.error}`);
        slots.set(daemonId, 0);
        await revokeTaskApiKeys(this.db, task.id);
        await this.lifecycle.release(task.id);
        this.retryLater();
      }
    }
  }
}
