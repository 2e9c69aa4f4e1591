import "server-only";
import type { PrismaClient } from "../db/client";
import type { Contract, Task } from "../../generated/prisma/client";
import type { SpawnTask } from "../../shared/protocol/daemon";
import type { DaemonHub } from "../daemon-hub";
import { createTaskApiKey, revokeTaskApiKeys } from "../api-keys/api-key-store";
import { RetryTimer, type BackoffPolicy } from "../../shared/retry/backoff";
import { SUPERVISOR_ALLOW_RULES } from "../../shared/permissions/rules";
import { readAllowRules } from "../contracts/allow-rules";
import { spawnContinuation } from "./continuation";
import type { TaskLifecycle } from "./task-lifecycle";

/** After a daemon refused a task: one second, every time (a later refusal moves the retry on). */
const RETRY_AFTER_REFUSAL: BackoffPolicy = { initialMs: 1000 };

/** How often a spawnTask goes to a daemon that does not answer, before the task is handed to another. */
const SPAWN_TRIES = 3;

export function spawnTaskCommand(task: Task & { contract: Contract }, firstSeq: number, apiKey?: string): SpawnTask {
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
    maxIterations: task.maxIterations ?? task.contract.maxIterations,
    isSupervisor: task.isSupervisor,
    completionAction: task.contract.completionAction,
    permissionMode: task.permissionMode,
    allowRules: [...new Set([...readAllowRules(task.contract), ...(task.isSupervisor ? SUPERVISOR_ALLOW_RULES : [])])],
    apiKey,
    runNumber: task.runNumber,
    firstSeq,
    continuation: spawnContinuation(task),
  };
}

/**
 * Assigns pending tasks, oldest first, to the connected daemon with the most free capacity; a task that resumes
 * claude's conversation only to its own daemon (the conversation is kept on that machine). Runs are serialised: a
 * call while one is under way makes it go round once more instead of racing it.
 */
export class TaskScheduler {
  private running: Promise<void> | null = null;
  private again = false;
  private readonly retry = new RetryTimer(RETRY_AFTER_REFUSAL, { unref: true });

  constructor(
    private readonly db: PrismaClient,
    private readonly hub: DaemonHub,
    private readonly lifecycle: TaskLifecycle,
    /** The highest seq stored of the task's output: a continuation's lines are numbered on from it. */
    private readonly highestSeq: (taskId: string) => Promise<number>,
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
      const daemonId = pinnedDaemon(task) ?? freestDaemon(slots);
      if (!daemonId || !((slots.get(daemonId) ?? 0) > 0)) continue;
      slots.set(daemonId, slots.get(daemonId)! - 1);
      const claimed = await this.lifecycle.claim(task.id, daemonId);
      if (!claimed) continue;
      const apiKey = await createTaskApiKey(this.db, task);
      const command = spawnTaskCommand(
        { ...claimed, contract: task.contract },
        (await this.highestSeq(task.id)) + 1,
        apiKey,
      );
      const answer = await this.handOff(daemonId, command);
      if (!answer.ok) {
        console.warn(`[scheduler] daemon refused task ${task.id}: ${answer.error}`);
        slots.set(daemonId, 0);
        await revokeTaskApiKeys(this.db, task.id);
        await this.lifecycle.release(task.id);
        this.retryLater();
      }
    }
  }

  /**
   * Sends the spawnTask, again while the daemon does not answer: it may have started the run and lost its answer, and
   * the same run sent again starts nothing new there. A daemon that never answers is told to stop the run, in case.
   */
  private async handOff(daemonId: string, command: SpawnTask) {
    for (let attempt = 1; ; attempt++) {
      const answer = await this.hub.send(daemonId, command);
      if (answer.ok || !answer.unanswered) return answer;
      if (attempt === SPAWN_TRIES || !this.hub.isConnected(daemonId)) {
        void this.hub.send(daemonId, { type: "stopTask", taskId: command.taskId });
        return answer;
      }
      console.warn(
        `[scheduler] no answer to task ${command.taskId}'s hand-off; sending it again (${attempt + 1} of ${SPAWN_TRIES})`,
      );
    }
  }
}

/** A continuation of claude's conversation runs where the conversation is kept. */
const pinnedDaemon = (task: Task) => (task.resumePrompt !== null && task.resumeSession ? task.daemonId : null);

const freestDaemon = (slots: Map<string, number>) =>
  [...slots.entries()].filter(([, free]) => free > 0).sort((a, b) => b[1] - a[1])[0]?.[0];
