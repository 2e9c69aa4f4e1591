"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { uiSocket } from "@/components/live/ui-socket";
import { UiEvent } from "@/lib/protocol/ui";

/** Refetches the daemons page whenever the server says a daemon connected, left or changed load. */
export function DaemonsLive() {
  const router = useRouter();
  useEffect(() => {
    const socket = uiSocket();
    const subscribe = () => socket.emit(UiEvent.subscribeDaemons);
    const refresh = () => router.refresh();
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
