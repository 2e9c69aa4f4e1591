import type { DaemonMessage, MessageAck } from "../../lib/shared/protocol/daemon";

/** After a retryable refusal (the server failed, not the message), a relay sends again this much later. */
export const RETRY_AFTER_SERVER_ERROR_MS = 1000;

/** How relays reach the server: `send` rejects while disconnected; `onReady` fires after each (re)authentication. */
export interface RelayTransport {
  send(message: DaemonMessage): Promise<MessageAck>;
  isReady(): boolean;
}
