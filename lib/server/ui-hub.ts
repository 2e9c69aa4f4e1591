import "server-only";
import type { Namespace, Socket } from "socket.io";
import { describeIssues } from "../shared/protocol/daemon";
import {
  SubscribeContract,
  SubscribeTask,
  UiEvent,
  type DaemonLoginEvent,
  type NotificationEvent,
  type StoredLine,
  type ApprovalEvent,
  type TaskCleanupEvent,
  type TaskHistoryPage,
  type TaskLiveTextEvent,
  type TaskUpdatedEvent,
} from "../shared/protocol/ui";
import type { Actor } from "./auth/actor";
import { getDb } from "./db/client";
import type { OutputStore } from "./output-store";
import { splitAck } from "./socket-ack";
import { readNewestPage, readOutputPageBefore } from "./tasks/output-history";

const taskRoom = (taskId: string) => `task:${taskId}`;
const contractRoom = (contractId: string) => `contract:${contractId}`;
const DAEMONS_ROOM = "daemons";
const NOTIFICATIONS_ROOM = "notifications";
/** Each person's own browsers: their dismissals go there only. */
const userRoom = (userId: string) => `user:${userId}`;

type Ack<T> = (reply: T | { error: string }) => void;

/** How often connected browsers' sessions are checked again (expired, revoked from the CLI, account disabled). */
const SESSION_RECHECK_MS = 30_000;

/** What the `/ui` handshake needs to decide who may connect. */
export interface UiAccess {
  isAllowedOrigin(origin: string | undefined): boolean;
  /** The signed-in person behind a handshake's cookies, or null. */
  actorFor(headers: Headers): Promise<Actor | null>;
  /** Whether a session is still good (not signed out, expired, revoked, or its account disabled). */
  sessionAlive(sessionId: string): Promise<boolean>;
}

export const UI_REFUSALS = { origin: "origin not allowed", unauthorized: "unauthorized" } as const;

/**
 * The `/ui` namespace: browsers join rooms for what they watch and get history pages on request.
 * A task subscription joins the room *before* reading history, so every line is either in the history
 * page or sent live afterwards (or both; the browser dedupes by seq).
 *
 * Only a signed-in person's browser on one of the server's own origins may connect (a page on another site could
 * otherwise read every task through the person's cookies); their sockets are dropped when the session ends.
 */
export class UiHub {
  private readonly recheck: NodeJS.Timeout;

  constructor(
    private readonly namespace: Namespace,
    /** Where history pages come from: `LiveOutput`, whose last page includes what is published and not yet stored. */
    private readonly output: Pick<OutputStore, "history">,
    private readonly access: UiAccess,
  ) {
    namespace.use((socket, next) => {
      void this.admit(socket).then(next, (error: unknown) => {
        console.error("[ui] handshake check failed:", error);
        next(new Error(UI_REFUSALS.unauthorized));
      });
    });
    namespace.on("connection", (socket) => this.attach(socket));
    this.recheck = setInterval(() => void this.dropEndedSessions(), SESSION_RECHECK_MS);
    this.recheck.unref();
  }

  private async admit(socket: Socket): Promise<Error | undefined> {
    const { headers } = socket.handshake;
    // Browsers send no Origin on a same-origin GET, which is how the polling transport's handshake arrives; they
    // do send Sec-Fetch-Site, which a page cannot forge.
    const sameOrigin = headers.origin === undefined && headers["sec-fetch-site"] === "same-origin";
    if (!sameOrigin && !this.access.isAllowedOrigin(headers.origin)) return new Error(UI_REFUSALS.origin);
    const actor = await this.access.actorFor(new Headers({ cookie: headers.cookie ?? "" }));
    if (!actor) return new Error(UI_REFUSALS.unauthorized);
    socket.data.actor = actor;
    return undefined;
  }

  /** Disconnects the browsers of ended sessions: by id (sign-out, revoke) or all of a person's (disabled). */
  endSessions(filter: { sessionIds?: string[]; userId?: string }): void {
    for (const socket of this.namespace.sockets.values()) {
      const actor = socket.data.actor as Actor | undefined;
      if (!actor) continue;
      if (filter.sessionIds?.includes(actor.sessionId ?? "") || (filter.userId && actor.userId === filter.userId))
        socket.disconnect(true);
    }
  }

  private async dropEndedSessions(): Promise<void> {
    const sessionIds = new Set(
      [...this.namespace.sockets.values()].map((socket) => (socket.data.actor as Actor | undefined)?.sessionId ?? ""),
    );
    const ended: string[] = [];
    for (const id of sessionIds) if (!(await this.access.sessionAlive(id).catch(() => true))) ended.push(id);
    if (ended.length) this.endSessions({ sessionIds: ended });
  }

  close(): void {
    clearInterval(this.recheck);
  }

  private attach(socket: Socket): void {
    socket.on(UiEvent.subscribeTask, async (...args: unknown[]) => {
      const { payload, ack } = splitAck<Ack<TaskHistoryPage>>(args);
      const parsed = SubscribeTask.safeParse(payload);
      if (!parsed.success) return ack?.({ error: describeIssues(parsed.error) });
      const { taskId, afterSeq, tail, beforeSeq, limit } = parsed.data;
      await socket.join(taskRoom(taskId));
      try {
        const page =
          beforeSeq !== undefined
            ? await readOutputPageBefore(getDb(), taskId, beforeSeq, limit, afterSeq)
            : tail
              ? await readNewestPage(getDb(), (...read) => this.output.history(...read), taskId, limit, afterSeq)
              : await this.output.history(taskId, afterSeq, limit);
        ack?.(page);
      } catch (error) {
        console.error("[ui] history read failed:", error);
        ack?.({ error: "Could not read the task's output" });
      }
    });
    socket.on(UiEvent.unsubscribeTask, (payload: unknown) => {
      const parsed = SubscribeTask.pick({ taskId: true }).safeParse(payload);
      if (parsed.success) void socket.leave(taskRoom(parsed.data.taskId));
    });
    // Both acknowledge once joined: from then on no update is missed, so the page can catch up safely.
    socket.on(UiEvent.subscribeContract, async (...args: unknown[]) => {
      const { payload, ack } = splitAck<() => void>(args);
      const parsed = SubscribeContract.safeParse(payload);
      if (parsed.success) await socket.join(contractRoom(parsed.data.contractId));
      ack?.();
    });
    socket.on(UiEvent.unsubscribeContract, (payload: unknown) => {
      const parsed = SubscribeContract.safeParse(payload);
      if (parsed.success) void socket.leave(contractRoom(parsed.data.contractId));
    });
    socket.on(UiEvent.subscribeDaemons, async (...args: unknown[]) => {
      await socket.join(DAEMONS_ROOM);
      splitAck<() => void>(args).ack?.();
    });
    socket.on(UiEvent.subscribeNotifications, async (...args: unknown[]) => {
      await socket.join([NOTIFICATIONS_ROOM, userRoom((socket.data.actor as Actor).userId)]);
      splitAck<() => void>(args).ack?.();
    });
  }

  publishOutput(taskId: string, lines: StoredLine[]): void {
    this.namespace.to(taskRoom(taskId)).emit(UiEvent.taskOutput, { taskId, lines });
  }

  /** What claude is writing: sent as it is, volatile (a browser that misses one gets the next, or the final line). */
  publishLiveText(event: TaskLiveTextEvent): void {
    this.namespace.to(taskRoom(event.taskId)).volatile.emit(UiEvent.taskLiveText, event);
  }

  publishTaskUpdate(task: TaskUpdatedEvent): void {
    this.namespace.to([taskRoom(task.id), contractRoom(task.contractId)]).emit(UiEvent.taskUpdated, task);
  }

  publishApproval(approval: ApprovalEvent): void {
    this.namespace
      .to([taskRoom(approval.taskId), contractRoom(approval.contractId)])
      .emit(UiEvent.approvalUpdated, approval);
  }

  publishCleanup(result: TaskCleanupEvent): void {
    this.namespace.to([taskRoom(result.taskId), contractRoom(result.contractId)]).emit(UiEvent.taskCleanup, result);
  }

  publishNotification(event: NotificationEvent): void {
    this.namespace.to(NOTIFICATIONS_ROOM).emit(UiEvent.notificationCreated, event);
  }

  publishNotificationsDismissed(ids: string[], userId: string | null): void {
    this.namespace.to(userId ? userRoom(userId) : NOTIFICATIONS_ROOM).emit(UiEvent.notificationsDismissed, { ids });
  }

  publishLogin(event: DaemonLoginEvent): void {
    this.namespace.to(NOTIFICATIONS_ROOM).emit(UiEvent.loginUpdated, event);
  }

  publishDaemonsUpdated(): void {
    this.namespace.to(DAEMONS_ROOM).emit(UiEvent.daemonsUpdated);
  }
}
