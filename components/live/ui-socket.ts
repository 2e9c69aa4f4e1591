"use client";

import { io, type Socket } from "socket.io-client";
import { signInPath } from "@/lib/shared/auth/sign-in-path";
import { UI_NAMESPACE } from "@/lib/shared/protocol/ui";

let socket: Socket | undefined;

/** The server refused the session (`unauthorized`) or dropped it (signed out elsewhere, revoked, disabled). */
function sessionEnded(): void {
  if (window.location.pathname === "/sign-in") return;
  window.location.assign(signInPath(window.location.pathname + window.location.search));
}

/**
 * The browser's one connection to the server's `/ui` namespace, shared by every live component on the
 * page. Socket.IO reconnects it by itself; components re-subscribe on each "connect". The handshake carries the
 * session cookie; once the session is over, the page goes to the sign-in page, so no view goes on looking live.
 */
export function uiSocket(): Socket {
  if (!socket) {
    socket = io(UI_NAMESPACE, { transports: ["websocket", "polling"] });
    socket.on("connect_error", (error) => {
      if (error.message === "unauthorized") sessionEnded();
    });
    socket.on("disconnect", (reason) => {
      if (reason === "io server disconnect") sessionEnded();
    });
  }
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
