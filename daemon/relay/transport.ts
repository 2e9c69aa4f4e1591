import type { DaemonMessage, MessageAck } from "../../lib/protocol/daemon";

/** How relays reach the server: `send` rejects while disconnected; `onReady` fires after each (re)authentication. */
export interface RelayTransport {
  send(message: DaemonMessage): Promise<MessageAck>;
  isReady(): boolean;
}
