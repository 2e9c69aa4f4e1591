"use client";

import { useEffect, useRef } from "react";
import { TaskUpdatedEvent, UiEvent } from "@/lib/protocol/ui";
import { uiSocket } from "./ui-socket";

/**
 * Follows task changes in one contract: joins the contract's room on every (re)connect, hands each
 * valid `taskUpdated` event of that contract to `onUpdate`, and leaves the room on unmount.
 */
export function useContractTaskUpdates(contractId: string, onUpdate: (event: TaskUpdatedEvent) => void): void {
  const handler = useRef(onUpdate);
  useEffect(() => {
    handler.current = onUpdate;
  });

  useEffect(() => {
    const socket = uiSocket();
    const subscribe = () => socket.emit(UiEvent.subscribeContract, { contractId });
    const receive = (payload: unknown) => {
      const event = TaskUpdatedEvent.safeParse(payload);
      if (event.success && event.data.contractId === contractId) handler.current(event.data);
    };
    socket.on("connect", subscribe);
    socket.on(UiEvent.taskUpdated, receive);
    if (socket.connected) subscribe();
    return () => {
      socket.off("connect", subscribe);
      socket.off(UiEvent.taskUpdated, receive);
      if (socket.connected) socket.emit(UiEvent.unsubscribeContract, { contractId });
    };
  }, [contractId]);
}
