"use client";

import { useEffect, useState } from "react";
import { uiSocket } from "@/components/live/ui-socket";

export type ConnectionState = "connecting" | "live" | "reconnecting";

/** Whether the shared `/ui` socket is connected ("live"), not yet, or lost and retrying. */
export function useConnection(): ConnectionState {
  const [state, setState] = useState<ConnectionState>("connecting");

  useEffect(() => {
    const socket = uiSocket();
    const onConnect = () => setState("live");
    const onDisconnect = () => setState("reconnecting");
    if (socket.connected) setState("live");
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    return () => {
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
    };
  }, []);

  return state;
}
