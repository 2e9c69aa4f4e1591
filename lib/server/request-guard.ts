import "server-only";
import { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import type { ServerConfig } from "./config";
import { rewriteForwardedHeaders } from "./http-guard/forwarded-headers";
import { allowedHosts, currentMachine, hostFromHeader, type Machine } from "./http-guard/hosts";
import { IpRanges } from "./http-guard/ip-ranges";
import { allowedOrigins, requiresOrigin } from "./http-guard/origins";

export { CLIENT_IP_HEADER } from "./http-guard/forwarded-headers";
export { exposureWarning } from "./http-guard/exposure-warning";

export type GuardConfig = Pick<ServerConfig, "host" | "publicUrl" | "allowedHosts" | "trustedProxies">;

export interface Refusal {
  status: 400 | 403 | 421;
  message: string;
}

export interface RequestGuard {
  /** The host names a Host header may carry: canonical (lower-case, IPv6 in brackets), without port. */
  readonly hosts: ReadonlySet<string>;
  /** The origins browsers may call from (`http://127.0.0.1:3000`, …, the public URL's). */
  allowedOrigins(): string[];
  /** Whether a Host header (`name`, `name:port`, `[::1]:port`) names this server. */
  isAllowedHost(hostHeader: string | undefined): boolean;
  /** Whether an Origin header is one of allowedOrigins(); a missing Origin and `null` are not. */
  isAllowedOrigin(origin: string | undefined): boolean;
  /** Checks a request or upgrade; when it is let through (null), its forwarded headers have been rewritten. */
  inspect(req: IncomingMessage): Refusal | null;
}

/** `port` is read when an origin is checked: with port 0 the server's port is only known once it listens. */
export function createRequestGuard(
  config: GuardConfig,
  port: () => number,
  machine: Machine = currentMachine(),
): RequestGuard {
  const hosts = allowedHosts(config, machine);
  const trusted = new IpRanges(config.trustedProxies);
  let origins = { port: -1, set: new Set<string>() };
  const originSet = () => {
    const current = port();
    if (origins.port !== current) origins = { port: current, set: allowedOrigins(hosts, current, config.publicUrl) };
    return origins.set;
  };

  const guard: RequestGuard = {
    hosts,
    allowedOrigins: () => [...originSet()],
    isAllowedHost(hostHeader) {
      const host = hostFromHeader(hostHeader);
      return host !== null && hosts.has(host);
    },
    isAllowedOrigin: (origin) => origin !== undefined && originSet().has(origin),
    inspect(req) {
      // An absolute request target (`GET http://other/ HTTP/1.1`) names a host of its own, past the Host check.
      if (!req.url?.startsWith("/")) return { status: 400, message: "Bad Request: the request target must be a path" };
      const host = hostFromHeader(req.headers.host);
      if (host === null) return { status: 400, message: "Bad Request: missing or malformed Host header" };
      if (!hosts.has(host)) {
        return {
          status: 421,
          message: "Misdirected Request: this server does not answer to that host name (MAKIMA_ALLOWED_HOSTS)",
        };
      }
      rewriteForwardedHeaders(req, trusted);
      if (requiresOrigin(req) && !guard.isAllowedOrigin(req.headers.origin)) {
        return { status: 403, message: "Forbidden: this request must come from a page of this server (Origin)" };
      }
      return null;
    },
  };
  return guard;
}

function refuseRequest(res: ServerResponse, { status, message }: Refusal): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", connection: "close" }).end(`${message}\n`);
}

function refuseUpgrade(socket: Duplex, { status, message }: Refusal): void {
  // The http server has handed an upgraded socket over and no longer handles its errors (a client resetting it).
  socket.on("error", () => socket.destroy());
  const body = `${message}\n`;
  const head = `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: text/plain; charset=utf-8\r\n`;
  socket.end(`${head}Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`, () =>
    socket.destroy(),
  );
}

/**
 * Puts the guard in front of everything that handles `server`'s requests and upgrades. It wraps the server's emit
 * rather than its listeners: engine.io replaces the `request` listeners when it attaches, and Next.js adds an
 * `upgrade` listener of its own on the first request it serves (next/dist/server/next.js, setupWebSocketHandler),
 * after any wrapping of the listener list could have happened. Call it right after createServer.
 */
export function guardRequests(server: Server, config: GuardConfig, machine?: Machine): RequestGuard {
  const guard = createRequestGuard(config, () => (server.address() as AddressInfo | null)?.port ?? 0, machine);
  const emit = server.emit.bind(server) as (event: string | symbol, ...args: unknown[]) => boolean;
  server.emit = ((event: string | symbol, ...args: unknown[]) => {
    if (event === "request" || event === "upgrade") {
      const [req, reply] = args as [IncomingMessage, ServerResponse | Duplex];
      const refusal = guard.inspect(req);
      if (refusal) {
        if (event === "request") refuseRequest(reply as ServerResponse, refusal);
        else refuseUpgrade(reply as Duplex, refusal);
        return true;
      }
    }
    return emit(event, ...args);
  }) as Server["emit"];
  return guard;
}
