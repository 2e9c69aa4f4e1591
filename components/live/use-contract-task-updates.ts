"use client";

import { useEffect, useRef } from "react";
import { TaskUpdatedEvent, UiEvent } from "@/lib/protocol/ui";
import { followRoom, uiSocket } from "./ui-socket";

/**
 * Follows task changes in one contract: joins the contract's room on every (re)connect, hands each
 * valid `taskUpdated` event of that contract to `onUpdate`, and leaves the room on unmount. Updates sent
 * before a join (while the page rendered, or while the socket was down) are lost, so `onResync` is called
 * to refetch once each join is confirmed.
 */
export function useContractTaskUpdates(
  contractId: string,
  onUpdate: (event: TaskUpdatedEvent) => void,
  onResync: () => void,
): void {
  const handlers = useRef({ onUpdate, onResync });
  useEffect(() => {
    handlers.current = { onUpdate, onResync };
  });

  useEffect(() => {
    const socket = uiSocket();
    const receive = (payload: unknown) => {
      const event = TaskUpdatedEvent.safeParse(payload);
      if (event.success && event.data.contractId === contractId) handlers.current.onUpdate(event.data);
    };
    const stopFollowing = followRoom(socket, UiEvent.subscribeContract, { contractId }, () => handlers.current.onResync());
    socket.on(UiEvent.taskUpdated, receive);
    return () => {
      stopFollowing();
      socket.off(UiEvent.taskUpdated, receive);
      if (socket.connected) socket.emit(UiEvent.unsubscribeContract, { contractId });
    };
  }, [contractId]);
}
