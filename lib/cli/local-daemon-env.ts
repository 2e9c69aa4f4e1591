/**
 * The environment of `makima start`'s local daemon. It starts from the server's, but the daemon hands its environment
 * on to every claude it runs: so the server's own secrets (the admin's sign-in, the session secret, the database's
 * address and credentials) are left out.
 */
import path from "node:path";

/** The server's settings, none of the daemon's business. */
const SERVER_ONLY = new Set([
  "MAKIMA_ADMIN_EMAIL",
  "MAKIMA_ADMIN_PASSWORD",
  "MAKIMA_AUTH_SECRET",
  // better-auth reads its signing secret from these when they are set.
  "BETTER_AUTH_SECRET",
  "AUTH_SECRET",
  // The server's data folder; the daemon is given a folder of its own by flag.
  "MAKIMA_DATA_DIR",
  // libpq's password and password file.
  "PGPASSWORD",
  "PGPASSFILE",
]);

/** DATABASE_URL, MAKIMA_DATABASE_URL, SHADOW_DB_URL, MAKIMA_REDIS_URL … */
const DATABASE_URL_NAME = /(?:^|_)(?:DATABASE|DB|REDIS)_URL$/i;

/** A database URL with a user (most often a password too) in it, whatever its variable is called. */
const DATABASE_URL_WITH_USER =
  /^(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|sqlserver|mssql):\/\/[^/\s@]+@/i;

export interface LocalDaemonSettings {
  /** The daemon's key, which goes by environment rather than argv (other users can read argv in `ps`). */
  apiKey: string;
  /** The server's data folder (its database), hidden from claude when the daemon runs it sandboxed. */
  serverDataDir: string;
}

export function localDaemonEnvironment(
  serverEnv: Readonly<Record<string, string | undefined>>,
  { apiKey, serverDataDir }: LocalDaemonSettings,
): NodeJS.ProcessEnv {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(serverEnv)) {
    if (
      value === undefined ||
      SERVER_ONLY.has(name) ||
      DATABASE_URL_NAME.test(name) ||
      DATABASE_URL_WITH_USER.test(value)
    )
      continue;
    env[name] = value;
  }
  env.MAKIMA_API_KEY = apiKey;
  env.MAKIMA_BUBBLEWRAP_HIDE = [serverDataDir, serverEnv.MAKIMA_BUBBLEWRAP_HIDE].filter(Boolean).join(path.delimiter);
  // Next.js's typings make NODE_ENV a required key of ProcessEnv; the daemon's environment may lack it.
  return env as NodeJS.ProcessEnv;
}
