"use client";

import { useEffect, useState } from "react";
import { uiSocket } from "@/components/live/ui-socket";
import { TaskLiveTextEvent, TaskUpdatedEvent, UiEvent, type StoredLine } from "@/lib/shared/protocol/ui";
import { LiveMessages } from "./live-messages";

const TaskStatusEvent = TaskUpdatedEvent.pick({ id: true, status: true });

/**
 * The stored lines of a `task:output` event for this task, read only as far as `LiveMessages` needs them: the task
 * view's subscription validates every event in full, and a flood of output is not validated twice.
 */
function storedLinesOf(payload: unknown, taskId: string): Pick<StoredLine, "line" | "jsonType">[] {
  const event = payload as { taskId?: unknown; lines?: unknown } | null;
  if (event?.taskId !== taskId || !Array.isArray(event.lines)) return [];
  return event.lines.filter(
    (line): line is Pick<StoredLine, "line" | "jsonType"> =>
      typeof line?.line === "string" && (typeof line.jsonType === "string" || line.jsonType === null),
  );
}

/**
 * The blocks claude is writing in a task right now (see `LiveMessages`), from the `task:live-text` events its room
 * gets on the shared `/ui` socket (the task view's subscription joins the room), rendered at most once a frame.
 */
export function useLiveText(taskId: string): readonly TaskLiveTextEvent[] {
  const [shown, setShown] = useState<readonly TaskLiveTextEvent[]>([]);

  useEffect(() => {
    const messages = new LiveMessages();
    const socket = uiSocket();
    let frame = 0;
    const changed = (yes: boolean) => {
      if (!yes || frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setShown(messages.shown());
      });
    };
    const onLiveText = (payload: unknown) => {
      const event = TaskLiveTextEvent.safeParse(payload);
      if (event.success && event.data.taskId === taskId) changed(messages.take(event.data));
    };
    const onOutput = (payload: unknown) => changed(messages.takeStored(storedLinesOf(payload, taskId)));
    const onUpdated = (payload: unknown) => {
      const event = TaskStatusEvent.safeParse(payload);
      if (event.success && event.data.id === taskId && event.data.status !== "running") changed(messages.clear());
    };
    // What was being written while the socket was down is finished or lost: its stored line says the rest.
    const onDisconnect = () => changed(messages.clear());
    socket.on(UiEvent.taskLiveText, onLiveText);
    socket.on(UiEvent.taskOutput, onOutput);
    socket.on(UiEvent.taskUpdated, onUpdated);
    socket.on("disconnect", onDisconnect);
    return () => {
      socket.off(UiEvent.taskLiveText, onLiveText);
      socket.off(UiEvent.taskOutput, onOutput);
      socket.off(UiEvent.taskUpdated, onUpdated);
      socket.off("disconnect", onDisconnect);
      cancelAnimationFrame(frame);
    };
  }, [taskId]);

  return shown;
}
