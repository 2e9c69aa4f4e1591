"use client";

import { io, type Socket } from "socket.io-client";
import { UI_NAMESPACE } from "@/lib/protocol/ui";

let socket: Socket | undefined;

/**
 * The browser's one connection to the server's `/ui` namespace, shared by every live component on the
 * page. Socket.IO reconnects it by itself; components re-subscribe on each "connect".
 */
export function uiSocket(): Socket {
  socket ??= io(UI_NAMESPACE, { transports: ["websocket", "polling"] });
  return socket;
}

/**
 * Joins a room now if connected and again on every later connect, and calls `onJoined` once the server
 * confirms each join: updates sent before it (while the page was rendered on the server, or while the
 * socket was down) were not received, so that is the moment to refetch. Returns the clean-up.
 */
export function followRoom(socket: Socket, event: string, payload: unknown, onJoined: () => void): () => void {
  const join = () => (payload === undefined ? socket.emit(event, onJoined) : socket.emit(event, payload, onJoined));
  socket.on("connect", join);
  if (socket.connected) join();
  return () => socket.off("connect", join);
}
