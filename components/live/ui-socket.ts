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
 * Runs `join` now if connected and on every later connect, and `onReconnect` after each connect but the
 * first: rooms are lost with the connection, and so is whatever the server sent while it was down.
 * Returns the clean-up that stops following.
 */
export function onEveryConnect(socket: Socket, join: () => void, onReconnect: () => void): () => void {
  let joinedBefore = false;
  const connect = () => {
    join();
    if (joinedBefore) onReconnect();
    joinedBefore = true;
  };
  socket.on("connect", connect);
  if (socket.connected) connect();
  return () => socket.off("connect", connect);
}
