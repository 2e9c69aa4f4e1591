import "server-only";
import net from "node:net";
import os from "node:os";
import type { ServerConfig } from "../config";

/** What the guard needs to know of the machine when the server listens on every interface. */
export interface Machine {
  interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]>;
  hostname: string;
}

export function currentMachine(): Machine {
  return { interfaces: os.networkInterfaces(), hostname: os.hostname() };
}

/** The names every server answers to: a DNS-rebinding page cannot make a browser send these as its Host. */
export const LOOPBACK_HOSTS: readonly string[] = ["localhost", "127.0.0.1", "[::1]"];

/**
 * A host name in the form URLs and Host headers are compared in (the WHATWG URL parser's): lower-case, IDN as
 * punycode, IPv4 in dotted decimal, IPv6 compressed and in brackets. Accepts a bare IPv6 address too. Null for
 * anything that is not just a host (a port, a path, credentials, spaces).
 */
export function canonicalHost(text: string): string | null {
  const host = net.isIPv6(text) ? `[${text}]` : text;
  if (!/^(\[[0-9a-f:.]+\]|[^\s/\\?#@:[\]%]+)$/i.test(host)) return null;
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return null;
  }
}

/** The host of a Host header (`name`, `name:port`, `[::1]:3000`), canonical; null when it is not one. */
export function hostFromHeader(header: string | undefined): string | null {
  const match = /^(\[[^\]]*\]|[^:]*)(?::\d{1,5})?$/.exec(header ?? "");
  return match && match[1] ? canonicalHost(match[1]) : null;
}

/** 127.0.0.0/8, ::1 and localhost: a server bound there cannot be reached from another machine. */
export function isLoopbackHost(host: string): boolean {
  const name = canonicalHost(host);
  return name === "localhost" || name === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(name ?? "");
}

function isWildcard(host: string): boolean {
  return host === "0.0.0.0" || host === "[::]";
}

/**
 * Every host name a request may carry in its Host header: the loopback names, the public URL's host, the
 * configured extra names, and the address the server is bound to (even 0.0.0.0: `makima start` hands the bound
 * URL to its local daemon); bound to every interface (0.0.0.0 or ::), also each interface's address and the
 * machine's hostname, which are what other machines on the network use.
 */
export function allowedHosts(
  config: Pick<ServerConfig, "host" | "publicUrl" | "allowedHosts">,
  machine: Machine = currentMachine(),
): Set<string> {
  const names = [...LOOPBACK_HOSTS, config.host, ...config.allowedHosts];
  if (config.publicUrl) names.push(new URL(config.publicUrl).hostname);
  if (isWildcard(canonicalHost(config.host) ?? "")) {
    names.push(machine.hostname);
    for (const info of Object.values(machine.interfaces).flat()) if (info) names.push(info.address);
  }
  return new Set(names.map(canonicalHost).filter((name): name is string => name !== null));
}
