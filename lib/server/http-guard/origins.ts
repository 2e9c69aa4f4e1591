import type { IncomingMessage } from "node:http";

/** Methods that change nothing: a cross-site page making a browser send one does no harm. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Paths whose callers are not browsers, so carry no Origin: the Bearer-key HTTP API (the CLI, agents) and
 * Socket.IO's polling transport (a session id from the handshake, authenticated per connection; the `/ui`
 * namespace checks the handshake's Origin itself).
 */
const ORIGINLESS_PATHS = ["/api/v1/", "/socket.io/"];

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
 * every state-changing request needs one, except on the paths browsers do not call. A request naming a server
 * action always does, whatever its path.
 */
export function requiresOrigin(req: Pick<IncomingMessage, "method" | "url" | "headers">): boolean {
  if (SAFE_METHODS.has(req.method ?? "")) return false;
  if (req.headers["next-action"] !== undefined) return true;
  const path = pathOf(req.url);
  return path === null || !ORIGINLESS_PATHS.some((prefix) => path.startsWith(prefix));
}
