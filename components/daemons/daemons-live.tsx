"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { onEveryConnect, uiSocket } from "@/components/live/ui-socket";
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
    const stopFollowing = onEveryConnect(socket, () => socket.emit(UiEvent.subscribeDaemons), refresh);
    socket.on(UiEvent.daemonsUpdated, refresh);
    return () => {
      stopFollowing();
      socket.off(UiEvent.daemonsUpdated, refresh);
    };
  }, [router]);
  return null;
}
