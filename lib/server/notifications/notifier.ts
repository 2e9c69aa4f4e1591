import "server-only";
import type { PrismaClient } from "../db/client";
import type { Notification, Task } from "../../generated/prisma/client";
import type { NotificationEvent, NotificationKind } from "../../shared/protocol/ui";

export interface NotificationInput {
  kind: NotificationKind;
  title: string;
  body?: string;
  taskId?: string | null;
  contractId?: string | null;
  daemonId?: string | null;
  loginUrl?: string | null;
}

export interface NotificationPublisher {
  created(event: NotificationEvent): void;
  /** Dismissed for one person (their browsers only), or for everyone when `userId` is null. */
  dismissed(ids: string[], userId: string | null): void;
}

/** A daemon gone for less than this is a blip, not news. */
const DISCONNECT_NOTICE_AFTER_MS = 5_000;

export function toNotificationEvent(row: Notification): NotificationEvent {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    taskId: row.taskId,
    contractId: row.contractId,
    daemonId: row.daemonId,
    loginUrl: row.loginUrl,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Notifications: stored, then pushed to every browser. Task ends, loop breaker trips and the iteration limit come
 * from the task's final status; a daemon's disconnect is told once it has been away a few seconds, and its return
 * only when its disconnect was told.
 */
export class Notifier {
  private readonly disconnectTimers = new Map<string, NodeJS.Timeout>();
  private readonly announcedAway = new Set<string>();

  constructor(
    private readonly db: PrismaClient,
    private readonly publish: NotificationPublisher,
  ) {}

  async notify(input: NotificationInput): Promise<NotificationEvent> {
    const row = await this.db.notification.create({ data: { ...input, body: input.body ?? "" } });
    const event = toNotificationEvent(row);
    this.publish.created(event);
    return event;
  }

  /** Dismisses these notifications for everyone (the server's doing: a login notice made moot); returns the ids. */
  async dismiss(ids: string[]): Promise<string[]> {
    const rows = await this.db.notification.findMany({
      where: { dismissedAt: null, id: { in: ids } },
      select: { id: true },
    });
    const dismissed = rows.map((row) => row.id);
    if (dismissed.length === 0) return [];
    await this.db.notification.updateMany({ where: { id: { in: dismissed } }, data: { dismissedAt: new Date() } });
    this.publish.dismissed(dismissed, null);
    return dismissed;
  }

  /**
   * A person dismisses notifications (all of theirs when `ids` is "all"): they leave that person's panel, in each of
   * their browsers, and nobody else's. Returns the ids dismissed now.
   */
  async dismissFor(userId: string, ids: string[] | "all"): Promise<string[]> {
    const rows = await this.db.notification.findMany({
      where: { dismissedAt: null, dismissals: { none: { userId } }, ...(ids === "all" ? {} : { id: { in: ids } }) },
      select: { id: true },
    });
    const dismissed = rows.map((row) => row.id);
    // An upsert each: two dismissals of one notice at once (two tabs) must not collide.
    for (const notificationId of dismissed) {
      await this.db.notificationDismissal.upsert({
        where: { notificationId_userId: { notificationId, userId } },
        create: { notificationId, userId },
        update: {},
      });
    }
    if (dismissed.length) this.publish.dismissed(dismissed, userId);
    return dismissed;
  }

  /** A task reached its final status: completed, failed (a breaker trip told as such) or the iteration limit. */
  async taskEnded(task: Task): Promise<void> {
    const kind = await this.endKind(task);
    if (!kind) return;
    const titles: Record<typeof kind, string> = {
      task_completed: `Task completed: ${task.name}`,
      task_failed: `Task failed: ${task.name}`,
      loop_breaker_tripped: `Circuit breaker tripped: ${task.name}`,
      iteration_limit_reached: `Iteration limit reached: ${task.name}`,
    };
    await this.notify({
      kind,
      title: titles[kind],
      body: task.error ?? "",
      taskId: task.id,
      contractId: task.contractId,
      daemonId: task.daemonId,
    });
  }

  /** A task stopped on the subscription's usage limit: it waits for the reset and resumes by itself then. */
  async usageLimitReached(task: Task): Promise<void> {
    await this.notify({
      kind: "usage_limit",
      title: `Usage limit reached: ${task.name}`,
      body: `${task.error ?? "Waiting for the usage limit to reset"}. The task resumes by itself then.`,
      taskId: task.id,
      contractId: task.contractId,
      daemonId: task.daemonId,
    });
  }

  daemonDisconnected(daemon: { id: string; hostname: string }): void {
    clearTimeout(this.disconnectTimers.get(daemon.id));
    const timer = setTimeout(() => {
      this.disconnectTimers.delete(daemon.id);
      this.announcedAway.add(daemon.id);
      void this.notify({
        kind: "daemon_disconnected",
        title: `Daemon ${daemon.hostname} disconnected`,
        body: "Its running tasks are interrupted unless it comes back within the grace period.",
        daemonId: daemon.id,
      }).catch((error) => console.error("[notifications] could not store a disconnect:", error));
    }, DISCONNECT_NOTICE_AFTER_MS);
    timer.unref();
    this.disconnectTimers.set(daemon.id, timer);
  }

  async daemonConnected(daemon: { id: string; hostname: string }): Promise<void> {
    clearTimeout(this.disconnectTimers.get(daemon.id));
    this.disconnectTimers.delete(daemon.id);
    if (!this.announcedAway.delete(daemon.id)) return;
    await this.notify({ kind: "daemon_reconnected", title: `Daemon ${daemon.hostname} is back`, daemonId: daemon.id });
  }

  close(): void {
    for (const timer of this.disconnectTimers.values()) clearTimeout(timer);
    this.disconnectTimers.clear();
  }

  private async endKind(task: Task) {
    if (task.status === "completed") return "task_completed" as const;
    if (task.status === "iteration_limit_reached") return "iteration_limit_reached" as const;
    if (task.status !== "failed") return null;
    const tripped =
      task.autonomousLoop &&
      (await this.db.taskOutput.count({ where: { taskId: task.id, jsonType: "loop.breaker" } })) > 0;
    return tripped ? ("loop_breaker_tripped" as const) : ("task_failed" as const);
  }
}
