import type { SocketLike } from "../../components/task-stream/task-subscription";

type Listener = (...args: unknown[]) => void;

/**
 * The event side of a Socket.IO client socket, for tests of the task view's subscription: listeners, `fire` to play
 * the server's events, and connect/disconnect. A subclass says what `emit` does (records it, or answers as UiHub).
 */
export abstract class FakeUiSocket implements SocketLike {
  connected = false;
  private readonly listeners = new Map<string, Set<Listener>>();

  abstract emit(event: string, payload: unknown, ack?: Listener): void;

  on(event: string, listener: Listener) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)!.add(listener);
  }
  off(event: string, listener: Listener) {
    this.listeners.get(event)?.delete(listener);
  }
  fire(event: string, ...args: unknown[]) {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
  connect() {
    this.connected = true;
    this.fire("connect");
  }
  disconnect() {
    this.connected = false;
    this.fire("disconnect", "transport close");
  }
}
