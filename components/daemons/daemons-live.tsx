"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { followRoom, uiSocket } from "@/components/live/ui-socket";
import { UiEvent } from "@/lib/shared/protocol/ui";

/**
 * Refetches the daemons page whenever the server says a daemon connected, left or changed load, and
 * whenever the browser (re)joins the daemons room (it may have missed such news before).
 */
export function DaemonsLive() {
  const router = useRouter();
  useEffect(() => {
    const socket = uiSocket();
    const refresh = () => router.refresh();
    const stopFollowing = followRoom(socket, UiEvent.subscribeDaemons, undefined, refresh);
    socket.on(UiEvent.daemonsUpdated, refresh);
    return () => {
      stopFollowing();
      socket.off(UiEvent.daemonsUpdated, refresh);
    };
  }, [router]);
  return null;
}
