"use client";

import { useEffect, useRef } from "react";
import { TaskCleanupEvent, TaskUpdatedEvent, UiEvent } from "@/lib/shared/protocol/ui";
import { followRoom, uiSocket } from "./ui-socket";

export type ContractEventHandlers = {
  onTaskUpdated: (event: TaskUpdatedEvent) => void;
  /** A worktree clean-up of one of the contract's tasks moved on (queued, sent, done or failed). */
  onCleanup?: (event: TaskCleanupEvent) => void;
  /** Called once each join is confirmed: refetch what may have been missed. */
  onResync: () => void;
};

/**
 * Follows one contract: joins its room on every (re)connect, hands each valid task update and clean-up event of
 * that contract to its handler, and leaves the room on unmount. Events sent before a join (while the page
 * rendered, or while the socket was down) are lost, so `onResync` is called to refetch once each join is confirmed.
 */
export function useContractEvents(contractId: string, handlers: ContractEventHandlers): void {
  const current = useRef(handlers);
  useEffect(() => {
    current.current = handlers;
  });

  useEffect(() => {
    const socket = uiSocket();
    const taskUpdated = (payload: unknown) => {
      const event = TaskUpdatedEvent.safeParse(payload);
      if (event.success && event.data.contractId === contractId) current.current.onTaskUpdated(event.data);
    };
    const cleanup = (payload: unknown) => {
      const event = TaskCleanupEvent.safeParse(payload);
      if (event.success && event.data.contractId === contractId) current.current.onCleanup?.(event.data);
    };
    const stopFollowing = followRoom(socket, UiEvent.subscribeContract, { contractId }, () =>
      current.current.onResync(),
    );
    socket.on(UiEvent.taskUpdated, taskUpdated);
    socket.on(UiEvent.taskCleanup, cleanup);
    return () => {
      stopFollowing();
      socket.off(UiEvent.taskUpdated, taskUpdated);
      socket.off(UiEvent.taskCleanup, cleanup);
      if (socket.connected) socket.emit(UiEvent.unsubscribeContract, { contractId });
    };
  }, [contractId]);
}
