import "server-only";
import type { ServerConfig } from "../config";
import { isLoopbackHost } from "./hosts";

/**
 * The start-up warning for a server other machines can reach over plain HTTP: bound to a non-loopback address with
 * no MAKIMA_PUBLIC_URL, which is what says a TLS proxy is in front. Null when there is nothing to warn about.
 */
export function exposureWarning(config: Pick<ServerConfig, "host" | "publicUrl">): string | null {
  if (config.publicUrl || isLoopbackHost(config.host)) return null;
  return (
    `[server] Warning: listening on ${config.host} without MAKIMA_PUBLIC_URL: Makima is reachable from the network ` +
    "without TLS, so passwords, session cookies, API keys and task output cross it in clear text. Put it behind a " +
    "TLS reverse proxy and set MAKIMA_PUBLIC_URL to the proxy's https:// address (see docs/SECURITY.md)."
  );
}
