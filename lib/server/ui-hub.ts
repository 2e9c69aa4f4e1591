import type { Namespace, Socket } from "socket.io";
import { describeIssues } from "../protocol/daemon";
import {
  SubscribeContract,
  SubscribeTask,
  UI_HISTORY_PAGE_SIZE,
  UiEvent,
  type DaemonLoginEvent,
  type NotificationEvent,
  type StoredLine,
  type TaskCleanupEvent,
  type TaskHistoryPage,
  type TaskUpdatedEvent,
} from "../protocol/ui";
import type { OutputStore } from "./output-store";

const taskRoom = (taskId: string) => `task:${taskId}`;
const contractRoom = (contractId: string) => `contract:${contractId}`;
const DAEMONS_ROOM = "daemons";
const NOTIFICATIONS_ROOM = "notifications";

type Ack<T> = (reply: T | { error: string }) => void;

/**
 * The `/ui` namespace: browsers join rooms for what they watch and get history pages on request.
 * A task subscription joins the room *before* reading history, so every line is either in the history
 * page or sent live afterwards (or both; the browser dedupes by seq).
 */
export class UiHub {
  constructor(
    private readonly namespace: Namespace,
    private readonly output: OutputStore,
  ) {
    namespace.on("connection", (socket) => this.attach(socket));
  }

  private attach(socket: Socket): void {
    socket.on(UiEvent.subscribeTask, async (payload: unknown, ack?: Ack<TaskHistoryPage>) => {
      const parsed = SubscribeTask.safeParse(payload);
      if (!parsed.success) return ack?.({ error: describeIssues(parsed.error) });
      await socket.join(taskRoom(parsed.data.taskId));
      try {
        const rows = await this.output.history(parsed.data.taskId, parsed.data.afterSeq, UI_HISTORY_PAGE_SIZE + 1);
        ack?.({ lines: rows.slice(0, UI_HISTORY_PAGE_SIZE), hasMore: rows.length > UI_HISTORY_PAGE_SIZE });
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
    socket.on(UiEvent.subscribeContract, async (payload: unknown, ack?: () => void) => {
      const parsed = SubscribeContract.safeParse(payload);
      if (parsed.success) await socket.join(contractRoom(parsed.data.contractId));
      if (typeof ack === "function") ack();
    });
    socket.on(UiEvent.unsubscribeContract, (payload: unknown) => {
      const parsed = SubscribeContract.safeParse(payload);
      if (parsed.success) void socket.leave(contractRoom(parsed.data.contractId));
    });
    socket.on(UiEvent.subscribeDaemons, async (ack?: () => void) => {
      await socket.join(DAEMONS_ROOM);
      if (typeof ack === "function") ack();
    });
    socket.on(UiEvent.subscribeNotifications, async (ack?: () => void) => {
      await socket.join(NOTIFICATIONS_ROOM);
      if (typeof ack === "function") ack();
    });
  }

  publishOutput(taskId: string, lines: StoredLine[]): void {
    this.namespace.to(taskRoom(taskId)).emit(UiEvent.taskOutput, { taskId, lines });
  }

  publishTaskUpdate(task: TaskUpdatedEvent): void {
    this.namespace.to([taskRoom(task.id), contractRoom(task.contractId)]).emit(UiEvent.taskUpdated, task);
  }

  publishCleanup(result: TaskCleanupEvent): void {
    this.namespace.to([taskRoom(result.taskId), contractRoom(result.contractId)]).emit(UiEvent.taskCleanup, result);
  }

  publishNotification(event: NotificationEvent): void {
    this.namespace.to(NOTIFICATIONS_ROOM).emit(UiEvent.notificationCreated, event);
  }

  publishNotificationsDismissed(ids: string[]): void {
    this.namespace.to(NOTIFICATIONS_ROOM).emit(UiEvent.notificationsDismissed, { ids });
  }

  publishLogin(event: DaemonLoginEvent): void {
    this.namespace.to(NOTIFICATIONS_ROOM).emit(UiEvent.loginUpdated, event);
  }

  publishDaemonsUpdated(): void {
    this.namespace.to(DAEMONS_ROOM).emit(UiEvent.daemonsUpdated);
  }
}
