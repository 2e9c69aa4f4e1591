import { z } from "zod";
import { describeIssues } from "../protocol/daemon";
import { loadConfigFiles, type ConfigFile } from "./config-file";

export const ServerConfig = z.object({
  host: z.string().min(1).default("127.0.0.1"),
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Next.js development mode (hot reload). */
  dev: z.boolean().default(false),
  /** How long a disconnected daemon has to come back before its running tasks are interrupted. */
  daemonGraceMs: z.coerce.number().int().positive().default(60_000),
});
export type ServerConfig = z.infer<typeof ServerConfig>;

export interface ServerFlags {
  host?: string;
  port?: string;
  dev?: boolean;
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
  });
  if (!parsed.success) throw new Error(`Invalid server configuration: ${describeIssues(parsed.error)}`);
  return parsed.data;
}
