import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { loadConfigFiles, type ConfigFile } from "../lib/shared/config-file";
import { describeIssues } from "../lib/shared/protocol/daemon";
import { absolutePath } from "./paths";
import type { CommandWrapper } from "./claude/claude-process";
import { DEFAULT_IDLE_TIMEOUT_MS } from "./claude/idle-watchdog";
import { findExecutable, isExecutableFile } from "./sandbox/find-executable";
import { findPidNamespaceWrapper } from "./sandbox/pid-namespace";

export const BUBBLEWRAP_NOT_FOUND =
  "Bubblewrap (bwrap) not found. Install bubblewrap or disable the --bubblewrap flag.";

/** The sandbox was asked for but bwrap is missing: the daemon does not start. */
export class BubblewrapNotFoundError extends Error {
  constructor() {
    super(BUBBLEWRAP_NOT_FOUND);
    this.name = "BubblewrapNotFoundError";
  }
}

const SWITCH_WORDS = new Map([
  ["1", true],
  ["true", true],
  ["0", false],
  ["false", false],
]);

/** "1"/"true" or "0"/"false" (any case), or a flag's boolean. */
const OnOff = z.preprocess(
  (value) => (typeof value === "string" ? (SWITCH_WORDS.get(value.trim().toLowerCase()) ?? value) : value),
  z.boolean({ message: "must be 1, true, 0 or false" }),
);

/** The bubblewrap sandbox for claude runs; shaped like the config file's `[process.bubblewrap] enabled / ro_binds / rw_binds`. */
export const BubblewrapConfig = z.object({
  enabled: OnOff.default(false),
  /** Extra paths bound read-only / read-write, each at the same place inside the sandbox. */
  readOnlyBinds: z.array(z.string().min(1)).default([]),
  readWriteBinds: z.array(z.string().min(1)).default([]),
  /** Folders claude finds empty (the server's data folder under `makima start`); what is bound inside them stays. */
  hiddenPaths: z.array(z.string().min(1)).default([]),
  /** The bwrap executable, found on PATH when the daemon starts with the sandbox enabled. */
  bwrapPath: z.string().optional(),
});
export type BubblewrapConfig = z.infer<typeof BubblewrapConfig>;

export const DaemonConfig = z.object({
  serverUrl: z.url({ message: "must be an http(s) URL such as http://127.0.0.1:3000" }),
  apiKey: z.string().min(1, { message: "is required (--api-key or MAKIMA_API_KEY)" }),
  maxTasks: z.coerce.number().int().min(1).max(1000).default(4),
  /** Base folder for repos/, worktrees/ and the machine id. */
  dataDir: z.string().min(1),
  reposDir: z.string().min(1),
  worktreesDir: z.string().min(1),
  claudeCommand: z.string().trim().min(1).default("claude"),
  hostname: z.string().min(1).default(os.hostname()),
  startupWarningMs: z.coerce.number().int().positive().default(30_000),
  /** claude silent this long with no tool call open warns; twice this stops it (IdleWatchdog). 0 turns it off. */
  idleTimeoutMs: z.coerce.number().int().nonnegative().default(DEFAULT_IDLE_TIMEOUT_MS),
  heartbeatMs: z.coerce.number().int().positive().default(10_000),
  /** The most iterations any contract's autonomous loop may run on this daemon. */
  loopHardCap: z.coerce.number().int().positive().default(50),
  /** How long `claude setup-token` has to print its login link before the daemon falls back to "log in by hand". */
  loginUrlTimeoutMs: z.coerce.number().int().positive().default(30_000),
  /** Times `makima start` restarted this daemon after a crash (MAKIMA_DAEMON_RESTARTS, which it sets). */
  restarts: z.coerce.number().int().nonnegative().max(1_000_000).default(0),
  bubblewrap: BubblewrapConfig.prefault({}),
});
export type DaemonConfig = z.infer<typeof DaemonConfig> & {
  /**
   * Without the sandbox: the pid namespace claude and `setup-token` run in, so none of their processes outlives the
   * daemon (null where bwrap is missing or cannot make namespaces here, or MAKIMA_PID_NAMESPACE=0).
   */
  processWrapper?: CommandWrapper | null;
};

export interface DaemonFlags {
  serverUrl?: string;
  apiKey?: string;
  maxTasks?: string;
  dataDir?: string;
  reposDir?: string;
  worktreesDir?: string;
  claudeCommand?: string;
  bubblewrap?: boolean;
  /** Where bwrap is, instead of looking it up on PATH (tests). */
  bwrapPath?: string;
}

/** A PATH-like list (colon-separated) of paths to bind, made absolute; `~` is the home folder. */
function bindList(value: string | undefined): string[] {
  return (value ?? "").split(path.delimiter).filter(Boolean).map(absolutePath);
}

/**
 * Flags win over `MAKIMA_*` environment variables, which win over the configuration files (makima.toml and the
 * others, see configFileLocations), which win over defaults.
 */
export function resolveDaemonConfig(
  flags: DaemonFlags,
  env: Readonly<Record<string, string | undefined>> = process.env,
  file: ConfigFile = loadConfigFiles(),
): DaemonConfig {
  const pick = <T>(flag: string | undefined, name: string, fromFile: T | undefined) =>
    flag ?? (env[name] || undefined) ?? fromFile;
  const { daemon = {}, process: processSection = {}, autonomous_loop: loop = {} } = file;
  const sandbox = processSection.bubblewrap ?? {};
  const dataDir = absolutePath(
    pick(flags.dataDir, "MAKIMA_DAEMON_DIR", daemon.data_dir) ?? path.join(os.homedir(), ".makima"),
  );
  const folder = (flag: string | undefined, name: string, fromFile: string | undefined, fallback: string) =>
    absolutePath(pick(flag, name, fromFile) ?? path.join(dataDir, fallback));
  const parsed = DaemonConfig.safeParse({
    serverUrl: pick(flags.serverUrl, "MAKIMA_SERVER_URL", daemon.server_url) ?? "http://127.0.0.1:3000",
    apiKey: pick(flags.apiKey, "MAKIMA_API_KEY", daemon.api_key) ?? "",
    maxTasks: pick(flags.maxTasks, "MAKIMA_MAX_TASKS", daemon.max_tasks),
    dataDir,
    reposDir: folder(flags.reposDir, "MAKIMA_REPOS_DIR", daemon.repos_dir, "repos"),
    worktreesDir: folder(flags.worktreesDir, "MAKIMA_WORKTREES_DIR", daemon.worktrees_dir, "worktrees"),
    claudeCommand: pick(flags.claudeCommand, "MAKIMA_CLAUDE_COMMAND", processSection.claude_command),
    hostname: pick(undefined, "MAKIMA_HOSTNAME", daemon.hostname),
    startupWarningMs: pick(undefined, "MAKIMA_STARTUP_WARNING_MS", processSection.startup_warning_ms),
    idleTimeoutMs: pick(undefined, "MAKIMA_IDLE_TIMEOUT_MS", processSection.idle_timeout_ms),
    heartbeatMs: pick(undefined, "MAKIMA_HEARTBEAT_MS", daemon.heartbeat_ms),
    loopHardCap: pick(undefined, "MAKIMA_LOOP_HARD_CAP", loop.hard_cap),
    loginUrlTimeoutMs: pick(undefined, "MAKIMA_LOGIN_URL_TIMEOUT_MS", processSection.login_url_timeout_ms),
    restarts: pick(undefined, "MAKIMA_DAEMON_RESTARTS", undefined),
    bubblewrap: {
      enabled: (flags.bubblewrap || undefined) ?? (env.MAKIMA_DAEMON_BUBBLEWRAP || undefined) ?? sandbox.enabled,
      readOnlyBinds: env.MAKIMA_BUBBLEWRAP_RO_BINDS
        ? bindList(env.MAKIMA_BUBBLEWRAP_RO_BINDS)
        : (sandbox.ro_binds ?? []).map(absolutePath),
      readWriteBinds: env.MAKIMA_BUBBLEWRAP_RW_BINDS
        ? bindList(env.MAKIMA_BUBBLEWRAP_RW_BINDS)
        : (sandbox.rw_binds ?? []).map(absolutePath),
      hiddenPaths: bindList(env.MAKIMA_BUBBLEWRAP_HIDE),
    },
  });
  if (!parsed.success) throw new Error(`Invalid daemon configuration: ${describeIssues(parsed.error)}`);
  const config = parsed.data;
  if (config.bubblewrap.enabled) config.bubblewrap.bwrapPath = locateBwrap(flags.bwrapPath, env.PATH);
  const processWrapper =
    config.bubblewrap.enabled || env.MAKIMA_PID_NAMESPACE === "0" ? null : findPidNamespaceWrapper(env.PATH);
  return { ...config, processWrapper };
}

/** Checked at start-up, so a daemon asked to sandbox claude never runs it unsandboxed. */
function locateBwrap(override: string | undefined, pathEnv: string | undefined): string {
  if (override !== undefined && isExecutableFile(override)) return path.resolve(override);
  const found = override === undefined ? findExecutable("bwrap", pathEnv) : null;
  if (!found) throw new BubblewrapNotFoundError();
  return found;
}

/** A stable id for this daemon, kept in `<dataDir>/machine-id` so a restart is recognised as the same daemon. */
export function loadMachineId(dataDir: string): string {
  const file = path.join(dataDir, "machine-id");
  try {
    const id = fs.readFileSync(file, "utf8").trim();
    if (id) return id;
  } catch {
    // first start
  }
  const id = randomUUID();
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, `${id}\n`);
  return id;
}
