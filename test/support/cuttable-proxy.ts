import net from "node:net";

/**
 * A TCP proxy on loopback in front of the server, whose connections can be cut at will: the daemon's
 * socket really drops mid-stream, as on a flaky network.
 */
export class CuttableProxy {
  private readonly sockets = new Set<net.Socket>();
  /** The clients' ends of the connections open now. */
  private readonly clients = new Set<net.Socket>();
  private server?: net.Server;
  private accepting = true;
  port = 0;

  constructor(private readonly targetPort: number) {}

  async start(): Promise<string> {
    this.server = net.createServer((client) => {
      if (!this.accepting) return client.destroy();
      const upstream = net.connect(this.targetPort, "127.0.0.1");
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on("close", () => this.sockets.delete(socket));
        socket.on("error", () => undefined);
      }
      this.clients.add(client);
      client.on("close", () => this.clients.delete(client));
      client.pipe(upstream).pipe(client);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.port = (this.server!.address() as net.AddressInfo).port;
    return `http://127.0.0.1:${this.port}`;
  }

  /** The connections open through the proxy now. */
  get connections(): number {
    return this.clients.size;
  }

  /** Drops every open connection and refuses new ones until `restore()`; returns how many it dropped. */
  cut(): number {
    this.accepting = false;
    const dropped = this.clients.size;
    for (const socket of this.sockets) socket.destroy();
    return dropped;
  }

  restore(): void {
    this.accepting = true;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
