import "server-only";
import { z } from "zod";
import { describeIssues } from "../shared/protocol/daemon";
import { canonicalHost } from "./http-guard/hosts";
import { parseIpRange } from "./http-guard/ip-ranges";
import { loadConfigFiles, type ConfigFile } from "../shared/config-file";

/** The address people use, through a TLS proxy: an http(s) origin, kept as its canonical origin string. */
const PublicUrl = z.string().transform((text, ctx) => {
  const url = URL.canParse(text) ? new URL(text) : null;
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    ctx.addIssue({ code: "custom", message: "must be an http:// or https:// URL" });
    return z.NEVER;
  }
  if (url.pathname !== "/" || url.search || url.hash || url.username || url.password) {
    ctx.addIssue({ code: "custom", message: "must be a scheme, host and port only, like https://makima.example.com" });
    return z.NEVER;
  }
  return url.origin;
});

/** A host name or IP address without port, kept canonical (lower-case, IPv6 in brackets). */
const HostName = z.string().transform((text, ctx) => {
  const host = canonicalHost(text.trim());
  if (host === null)
    ctx.addIssue({ code: "custom", message: `must be a host name or IP address without port: ${text}` });
  return host ?? z.NEVER;
});

const IpRange = z
  .string()
  .trim()
  .refine((text) => parseIpRange(text) !== null, {
    error: (issue) => `must be an IP address or CIDR range: ${issue.input}`,
  });

export const ServerConfig = z.object({
  host: z.string().min(1).default("127.0.0.1"),
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Next.js development mode (hot reload). */
  dev: z.boolean().default(false),
  /** How long a disconnected daemon has to come back before its running tasks are interrupted. */
  daemonGraceMs: z.coerce.number().int().positive().default(60_000),
  /** Set when a TLS reverse proxy is in front: its origin, e.g. `https://makima.example.com`. */
  publicUrl: PublicUrl.optional(),
  /** Host names requests may carry besides the loopback names, the public URL's and the bound address. */
  allowedHosts: z.array(HostName).default([]),
  /** Peers whose X-Forwarded-* headers are believed: addresses or CIDR ranges, IPv4 or IPv6. */
  trustedProxies: z.array(IpRange).default([]),
});
export type ServerConfig = z.infer<typeof ServerConfig>;

export interface ServerFlags {
  host?: string;
  port?: string;
  dev?: boolean;
}

/** A comma-separated environment variable; unset when empty, like every other. */
function list(value: string | undefined): string[] | undefined {
  return value
    ? value
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean)
    : undefined;
}

/** Flags win over environment variables, which win over the configuration files' [server], which win over defaults. */
export function resolveServerConfig(
  flags: ServerFlags,
  env: Readonly<Record<string, string | undefined>> = process.env,
  file: ConfigFile = loadConfigFiles(),
): ServerConfig {
  const server = file.server ?? {};
  const parsed = ServerConfig.safeParse({
    host: flags.host ?? (env.MAKIMA_HOST || undefined) ?? server.host,
    port: flags.port ?? (env.PORT || undefined) ?? server.port,
    dev: flags.dev ?? false,
    daemonGraceMs: (env.MAKIMA_DAEMON_GRACE_MS || undefined) ?? server.daemon_grace_ms,
    publicUrl: (env.MAKIMA_PUBLIC_URL || undefined) ?? server.public_url,
    allowedHosts: list(env.MAKIMA_ALLOWED_HOSTS) ?? server.allowed_hosts,
    trustedProxies: list(env.MAKIMA_TRUSTED_PROXIES) ?? server.trusted_proxies,
  });
  if (!parsed.success) throw new Error(`Invalid server configuration: ${describeIssues(parsed.error)}`);
  return parsed.data;
}
