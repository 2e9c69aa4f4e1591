import "server-only";
import type { IncomingMessage } from "node:http";

/** Methods that change nothing: a cross-site page making a browser send one does no harm. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Socket.IO's polling transport carries no Origin on its posts: they name a session id from the handshake, which is
 * authenticated per connection (the `/ui` namespace checks the handshake's Origin itself).
 */
const SOCKET_IO_PATH = "/socket.io/";

/**
 * The HTTP API's callers (the CLI, agents) send an API key and no Origin. A browser's cross-site form or fetch cannot
 * add either header without a CORS preflight, which the server never allows; a call to the API with the session
 * cookie instead (the dashboard's own) needs an Origin like any other change.
 */
const API_PATH = "/api/v1/";
const carriesApiKey = (headers: IncomingMessage["headers"]) =>
  /^Bearer\s+\S/i.test(headers.authorization ?? "") || !!headers["x-api-key"];

/**
 * The origins a browser may send state-changing requests from: `http://host:port` and `https://host:port` for every
 * allowed host and the server's own port, plus the public URL's origin as it is (a TLS proxy in front has a port of
 * its own).
 */
export function allowedOrigins(hosts: Iterable<string>, port: number, publicUrl: string | undefined): Set<string> {
  const origins = new Set<string>();
  for (const host of hosts) {
    for (const scheme of ["http", "https"]) origins.add(new URL(`${scheme}://${host}:${port}`).origin);
  }
  if (publicUrl) origins.add(new URL(publicUrl).origin);
  return origins;
}

/** The path as a URL parser resolves it (dot segments, `%2e`); null when the target does not parse. */
function pathOf(target: string | undefined): string | null {
  try {
    return new URL(target ?? "", "http://request-target.invalid").pathname;
  } catch {
    return null;
  }
}

/**
 * Whether a request must carry an allowed Origin. Next.js checks a server action's Origin against the Host but lets
 * one without any Origin through, and route handlers (`/api/*`, better-auth's `/api/auth/*`) check nothing; so
 * every state-changing request needs one, except Socket.IO's polling posts and API calls that carry a key. A request
 * naming a server action always does, whatever its path and headers.
 */
export function requiresOrigin(req: Pick<IncomingMessage, "method" | "url" | "headers">): boolean {
  if (SAFE_METHODS.has(req.method ?? "")) return false;
  if (req.headers["next-action"] !== undefined) return true;
  const path = pathOf(req.url);
  if (path === null) return true;
  if (path.startsWith(SOCKET_IO_PATH)) return false;
  return !(path.startsWith(API_PATH) && carriesApiKey(req.headers));
}
