import { io, type Socket } from "socket.io-client";
import {
  DAEMON_NAMESPACE,
  DaemonCommand,
  DaemonEvent,
  MessageAck,
  describeIssues,
  type CommandAck,
  type DaemonMessage,
  type DaemonMessageOf,
} from "../lib/shared/protocol/daemon";
import { RetryTimer, type BackoffPolicy } from "../lib/shared/retry/backoff";
import type { RelayTransport } from "./relay/transport";

export interface DaemonConnectionOptions {
  serverUrl: string;
  identity: Omit<DaemonMessageOf<"authenticate">, "type" | "runningTaskIds">;
  heartbeatMs: number;
  runningTaskIds: () => string[];
  onCommand: (command: DaemonCommand) => Promise<CommandAck>;
  /** After every successful (re)authentication: time to resend what the server has not acknowledged. */
  onAuthenticated: () => void;
  /** The server refused this daemon for good (a bad API key); passing refusals are retried. */
  onRefused: (reason: string) => void;
}

const ACK_TIMEOUT_MS = 30_000;
/** Socket.IO's own reconnection after a lost connection: 0.5 s doubling up to 10 s, each wait ±50 %. */
const RECONNECT: Required<BackoffPolicy> = { initialMs: 500, factor: 2, maxMs: 10_000, jitter: 0.5 };
/** Wait before connecting again after the server closed the connection or refused for a passing reason: 1 s every time. */
const RECONNECT_AFTER_SERVER_CLOSE: BackoffPolicy = { initialMs: 1_000 };

/**
 * The daemon's link to the server's `/daemon` namespace. Socket.IO reconnects with exponential backoff
 * (`RECONNECT`); each connection starts with `authenticate`, and nothing else is sent until the server accepts it.
 */
export class DaemonConnection implements RelayTransport {
  private readonly socket: Socket;
  private authenticated = false;
  private closed = false;
  private heartbeat?: NodeJS.Timeout;
  private readonly retry = new RetryTimer(RECONNECT_AFTER_SERVER_CLOSE);

  constructor(private readonly options: DaemonConnectionOptions) {
    this.socket = io(new URL(DAEMON_NAMESPACE, options.serverUrl).href, {
      transports: ["websocket"],
      // Socket.IO's backoff always doubles: RECONNECT.factor is 2.
      reconnectionDelay: RECONNECT.initialMs,
      reconnectionDelayMax: RECONNECT.maxMs,
      randomizationFactor: RECONNECT.jitter,
      autoConnect: false,
      // A connection of its own: Socket.IO would otherwise share one manager (and its options) with any
      // other client of the same server in this process.
      forceNew: true,
    });
    this.socket.on("connect", () => void this.authenticate());
    this.socket.on("disconnect", (reason) => {
      this.authenticated = false;
      clearInterval(this.heartbeat);
      if (this.closed) return;
      console.warn(`[daemon] disconnected from ${options.serverUrl} (${reason}); reconnecting`);
      // Socket.IO does not reconnect by itself after the server closed the connection (a server restart).
      if (reason === "io server disconnect") this.reconnectSoon();
    });
    this.socket.on("connect_error", (error) => {
      console.warn(`[daemon] cannot reach ${options.serverUrl}: ${error.message}`);
    });
    this.socket.on(
      DaemonEvent.command,
      (payload: unknown, ack?: (answer: CommandAck) => void) => void this.receive(payload, ack),
    );
  }

  connect(): void {
    this.socket.connect();
  }

  close(): void {
    this.closed = true;
    clearInterval(this.heartbeat);
    this.retry.cancel();
    this.socket.close();
  }

  private reconnectSoon(): void {
    this.retry.schedule(() => {
      if (!this.closed && !this.socket.connected) this.socket.connect();
    });
  }

  isReady(): boolean {
    return this.authenticated && this.socket.connected;
  }

  async send(message: DaemonMessage): Promise<MessageAck> {
    if (!this.isReady()) throw new Error("not connected");
    return MessageAck.parse(await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck(DaemonEvent.message, message));
  }

  private async authenticate(): Promise<void> {
    const { identity, serverUrl } = this.options;
    let answer: MessageAck;
    try {
      answer = MessageAck.parse(
        await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck(DaemonEvent.message, {
          type: "authenticate",
          ...identity,
          runningTaskIds: this.options.runningTaskIds(),
        } satisfies DaemonMessage),
      );
    } catch (error) {
      console.warn(`[daemon] authentication got no answer: ${(error as Error).message}; reconnecting`);
      this.socket.disconnect();
      this.reconnectSoon();
      return;
    }
    if (!answer.ok) {
      if (answer.fatal) return this.options.onRefused(answer.error);
      console.warn(`[daemon] the server could not take this daemon now (${answer.error}); trying again`);
      this.socket.disconnect();
      this.reconnectSoon();
      return;
    }
    this.authenticated = true;
    console.log(`[daemon] connected to ${serverUrl} as ${identity.hostname} (capacity ${identity.maxConcurrentTasks})`);
    clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => {
      this.send({ type: "heartbeat", runningTaskIds: this.options.runningTaskIds() }).catch(() => undefined);
    }, this.options.heartbeatMs);
    this.options.onAuthenticated();
  }

  private async receive(payload: unknown, ack?: (answer: CommandAck) => void): Promise<void> {
    const reply = (answer: CommandAck) => (typeof ack === "function" ? ack(answer) : undefined);
    const parsed = DaemonCommand.safeParse(payload);
    if (!parsed.success) {
      const error = `Invalid command: ${describeIssues(parsed.error)}`;
      console.warn(`[daemon] rejected a command: ${error}`);
      return reply({ ok: false, error });
    }
    try {
      reply(await this.options.onCommand(parsed.data));
    } catch (error) {
      console.error(`[daemon] ${parsed.data.type} failed:`, error);
      reply({ ok: false, error: `Daemon error while handling ${parsed.data.type}` });
    }
  }
}
