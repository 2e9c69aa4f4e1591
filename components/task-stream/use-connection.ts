"use client";

import { useSyncExternalStore } from "react";
import { uiSocket } from "@/components/live/ui-socket";

export type ConnectionState = "connecting" | "live" | "reconnecting";

/** Whether the socket has ever connected: a later disconnect is a reconnect, not the first connection. */
let everConnected = false;

function subscribe(onChange: () => void): () => void {
  const socket = uiSocket();
  socket.on("connect", onChange);
  socket.on("disconnect", onChange);
  return () => {
    socket.off("connect", onChange);
    socket.off("disconnect", onChange);
  };
}

function currentState(): ConnectionState {
  if (uiSocket().connected) {
    everConnected = true;
    return "live";
  }
  return everConnected ? "reconnecting" : "connecting";
}

/** Whether the shared `/ui` socket is connected ("live"), not yet, or lost and retrying. */
export function useConnection(): ConnectionState {
  return useSyncExternalStore(subscribe, currentState, () => "connecting");
}
