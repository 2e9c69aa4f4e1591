import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { describeIssues } from "../lib/protocol/daemon";

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
  heartbeatMs: z.coerce.number().int().positive().default(10_000),
  /** The most iterations any contract's autonomous loop may run on this daemon. */
  loopHardCap: z.coerce.number().int().positive().default(50),
  /** How long `claude setup-token` has to print its login link before the daemon falls back to "log in by hand". */
  loginUrlTimeoutMs: z.coerce.number().int().positive().default(30_000),
});
export type DaemonConfig = z.infer<typeof DaemonConfig>;

export interface DaemonFlags {
  serverUrl?: string;
  apiKey?: string;
  maxTasks?: string;
  dataDir?: string;
  reposDir?: string;
  worktreesDir?: string;
  claudeCommand?: string;
}

/** Flags win over `MAKIMA_*` environment variables, which win over defaults. */
export function resolveDaemonConfig(flags: DaemonFlags, env: NodeJS.ProcessEnv = process.env): DaemonConfig {
  const pick = (flag: string | undefined, name: string) => flag ?? (env[name] || undefined);
  const dataDir = path.resolve(pick(flags.dataDir, "MAKIMA_DAEMON_DIR") ?? path.join(os.homedir(), ".makima"));
  const parsed = DaemonConfig.safeParse({
    serverUrl: pick(flags.serverUrl, "MAKIMA_SERVER_URL") ?? "http://127.0.0.1:3000",
    apiKey: pick(flags.apiKey, "MAKIMA_API_KEY") ?? "",
    maxTasks: pick(flags.maxTasks, "MAKIMA_MAX_TASKS"),
    dataDir,
    reposDir: path.resolve(pick(flags.reposDir, "MAKIMA_REPOS_DIR") ?? path.join(dataDir, "repos")),
    worktreesDir: path.resolve(pick(flags.worktreesDir, "MAKIMA_WORKTREES_DIR") ?? path.join(dataDir, "worktrees")),
    claudeCommand: pick(flags.claudeCommand, "MAKIMA_CLAUDE_COMMAND"),
    hostname: env.MAKIMA_HOSTNAME || undefined,
    startupWarningMs: env.MAKIMA_STARTUP_WARNING_MS || undefined,
    heartbeatMs: env.MAKIMA_HEARTBEAT_MS || undefined,
    loopHardCap: env.MAKIMA_LOOP_HARD_CAP || undefined,
    loginUrlTimeoutMs: env.MAKIMA_LOGIN_URL_TIMEOUT_MS || undefined,
  });
  if (!parsed.success) throw new Error(`Invalid daemon configuration: ${describeIssues(parsed.error)}`);
  return parsed.data;
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
