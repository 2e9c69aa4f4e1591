import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "smol-toml";
import { z } from "zod";

const positive = z.number().int().positive();
const text = z.string().min(1);

/** makima.toml: every section and key is optional; an unknown key is an error (a typo must not pass silently). */
export const ConfigFile = z.strictObject({
  server: z
    .strictObject({
      host: text,
      port: z.number().int().min(0).max(65535),
      daemon_grace_ms: positive,
      // The values are checked where the server's configuration is resolved (lib/server/config.ts).
      public_url: text,
      allowed_hosts: z.array(text),
      trusted_proxies: z.array(text),
    })
    .partial()
    .optional(),
  daemon: z
    .strictObject({
      server_url: text,
      api_key: text,
      max_tasks: z.number().int().min(1).max(1000),
      data_dir: text,
      repos_dir: text,
      worktrees_dir: text,
      hostname: text,
      heartbeat_ms: positive,
    })
    .partial()
    .optional(),
  process: z
    .strictObject({
      claude_command: text,
      startup_warning_ms: positive,
      idle_timeout_ms: z.number().int().nonnegative(),
      login_url_timeout_ms: positive,
      bubblewrap: z
        .strictObject({ enabled: z.boolean(), ro_binds: z.array(text), rw_binds: z.array(text) })
        .partial()
        .optional(),
    })
    .partial()
    .optional(),
  autonomous_loop: z.strictObject({ hard_cap: positive }).partial().optional(),
});
export type ConfigFile = z.infer<typeof ConfigFile>;

export class ConfigFileError extends Error {
  constructor(file: string, problem: string) {
    super(`Invalid configuration file ${file}: ${problem}`);
    this.name = "ConfigFileError";
  }
}

/** Where configuration files are read from, the weakest first: /etc, then the user's, then the working folder's. */
export function configFileLocations(cwd = process.cwd(), home = os.homedir(), etc = "/etc"): string[] {
  return [
    path.join(etc, "makima", "config.toml"),
    path.join(home, ".config", "makima", "config.toml"),
    path.join(cwd, "makima.toml"),
  ];
}

function describe(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const key = issue.path.join(".");
      if (issue.code === "unrecognized_keys") return `unknown key ${[key, issue.keys[0]].filter(Boolean).join(".")}`;
      return `${key}: ${issue.message}`;
    })
    .join("; ");
}

/** One file, parsed and checked; null when it does not exist. */
export function readConfigFile(file: string): ConfigFile | null {
  let source: string;
  try {
    source = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new ConfigFileError(file, (error as Error).message);
  }
  let data: unknown;
  try {
    data = parse(source);
  } catch (error) {
    throw new ConfigFileError(file, (error as Error).message.split("\n")[0]);
  }
  const parsed = ConfigFile.safeParse(data);
  if (!parsed.success) throw new ConfigFileError(file, describe(parsed.error));
  return parsed.data;
}

/** Later files win, key by key (sections are merged, not replaced). */
function merge(base: ConfigFile, over: ConfigFile): ConfigFile {
  const merged: Record<string, unknown> = { ...base };
  for (const [section, values] of Object.entries(over) as [keyof ConfigFile, Record<string, unknown>][]) {
    const previous = (base[section] ?? {}) as Record<string, unknown>;
    const next: Record<string, unknown> = { ...previous, ...values };
    if (section === "process" && previous.bubblewrap && values.bubblewrap) {
      next.bubblewrap = { ...(previous.bubblewrap as object), ...(values.bubblewrap as object) };
    }
    merged[section] = next;
  }
  return merged as ConfigFile;
}

/** The configuration files that exist, merged (see configFileLocations for the order). */
export function loadConfigFiles(files = configFileLocations()): ConfigFile {
  return files.map(readConfigFile).reduce<ConfigFile>((config, file) => (file ? merge(config, file) : config), {});
}
