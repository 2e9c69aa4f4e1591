import "server-only";
import net from "node:net";
import type { IncomingMessage } from "node:http";
import { normalizeIp, type IpRanges } from "./ip-ranges";

/**
 * The client's address, set by the guard on every request it lets through (any copy a client sent is removed
 * first). Whatever needs the client's address (better-auth's rate limiter, the audit log) reads this header and
 * nothing else.
 */
export const CLIENT_IP_HEADER = "x-makima-client-ip";

function isForwardingHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === "forwarded" || lower.startsWith("x-forwarded-") || lower === CLIENT_IP_HEADER;
}

/**
 * The client behind a trusted proxy: the right-most X-Forwarded-For entry that is not itself a trusted proxy (each
 * proxy appends the peer it saw, so entries left of that are whatever the client chose to send). When every entry
 * is a trusted proxy, the left-most; when the entry found is not an address, the peer itself.
 */
function clientBehindProxies(peer: string, forwardedFor: string | string[] | undefined, trusted: IpRanges): string {
  const hops = [forwardedFor ?? []]
    .flat()
    .join(",")
    .split(",")
    .map((hop) => normalizeIp(hop.trim()))
    .filter(Boolean);
  const client = hops.findLast((hop) => !trusted.has(hop)) ?? hops[0] ?? peer;
  return net.isIP(client) ? client : peer;
}

/**
 * Removes every `Forwarded` and `X-Forwarded-*` header unless the peer is a trusted proxy, then sets
 * CLIENT_IP_HEADER. Both `headers` and `rawHeaders` are rewritten: Next.js and the libraries under it read either.
 */
export function rewriteForwardedHeaders(req: IncomingMessage, trusted: IpRanges): void {
  const peer = normalizeIp(req.socket.remoteAddress ?? "");
  const fromProxy = peer !== "" && trusted.has(peer);
  const client = fromProxy ? clientBehindProxies(peer, req.headers["x-forwarded-for"], trusted) : peer;
  const drop = fromProxy ? (name: string) => name.toLowerCase() === CLIENT_IP_HEADER : isForwardingHeader;

  const raw: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (!drop(req.rawHeaders[i])) raw.push(req.rawHeaders[i], req.rawHeaders[i + 1]);
  }
  req.rawHeaders = raw;
  for (const name of Object.keys(req.headers)) if (drop(name)) delete req.headers[name];
  // A socket already closed has no address; the request is about to fail anyway, so it gets no client address.
  if (client) {
    req.rawHeaders.push(CLIENT_IP_HEADER, client);
    req.headers[CLIENT_IP_HEADER] = client;
  }
}
