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
