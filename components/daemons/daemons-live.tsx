"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { uiSocket } from "@/components/live/ui-socket";
import { UiEvent } from "@/lib/protocol/ui";

/**
 * Refetches the daemons page whenever the server says a daemon connected, left or changed load, and
 * after the browser's own reconnect (it may have missed such news meanwhile).
 */
export function DaemonsLive() {
  const router = useRouter();
  useEffect(() => {
    const socket = uiSocket();
    const refresh = () => router.refresh();
    let subscribedBefore = false;
    const subscribe = () => {
      socket.emit(UiEvent.subscribeDaemons);
      if (subscribedBefore) refresh();
      subscribedBefore = true;
    };
    socket.on("connect", subscribe);
    socket.on(UiEvent.daemonsUpdated, refresh);
    if (socket.connected) subscribe();
    return () => {
      socket.off("connect", subscribe);
      socket.off(UiEvent.daemonsUpdated, refresh);
    };
  }, [router]);
  return null;
}
