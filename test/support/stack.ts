import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { resolveDaemonConfig } from "../../daemon/config";
import { runDaemon, type RunningDaemon } from "../../daemon/main";
import { getDb } from "../../lib/server/db/client";
import { resolveServerConfig } from "../../lib/server/config";
import { createApiKey } from "../../lib/server/api-keys/api-key-store";
import { getRuntime } from "../../lib/server/runtime";
import { startServer, type RunningServer } from "../../lib/server/start-server";
import { tempDir } from "./git";

export const FAKE_CLAUDE = path.resolve(import.meta.dirname, "../../scripts/fake-claude.mjs");
export const FAKE_CLAUDE_COMMAND = `${process.execPath} ${FAKE_CLAUDE}`;

/**
 * A real server (sockets only, no Next.js) on a fresh SQLite file in a temp folder. One per test file:
 * the Prisma client is a per-process singleton.
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<RunningServer & { dataDir: string }> {
  const dataDir = tempDir("makima-data-");
  process.env.MAKIMA_DATA_DIR = dataDir;
  delete process.env.DATABASE_URL;
  Object.assign(process.env, env);
  const server = await startServer(resolveServerConfig({ host: "127.0.0.1", port: "0" }), false);
  return { ...server, dataDir };
}

export async function daemonKey(name = "test daemon"): Promise<string> {
  return (await createApiKey(getDb(), { name, scope: "daemon", userId: null })).key;
}

export interface TestDaemonOptions {
  serverUrl: string;
  apiKey: string;
  maxTasks?: number;
  hostname?: string;
  env?: Record<string, string>;
  /** Reuse a stopped daemon's folder (its machine id, repos and worktrees) to start it again. */
  dataDir?: string;
}

/** A real daemon in this process, running the fake claude. */
export function startTestDaemon(options: TestDaemonOptions): RunningDaemon & { dataDir: string } {
  const dataDir = options.dataDir ?? tempDir("makima-daemon-");
  const config = resolveDaemonConfig(
    {
      serverUrl: options.serverUrl,
      apiKey: options.apiKey,
      maxTasks: String(options.maxTasks ?? 4),
      dataDir,
      claudeCommand: FAKE_CLAUDE_COMMAND,
    },
    { ...process.env, MAKIMA_HOSTNAME: options.hostname ?? "test-daemon", MAKIMA_HEARTBEAT_MS: "1000", ...options.env },
  );
  return { ...runDaemon(config), dataDir };
}

const MAKIMA = path.resolve(import.meta.dirname, "../../bin/makima.mjs");

/** `makima daemon` as a process of its own, which a test can kill outright; it runs the fake claude. */
export function startDaemonProcess(
  options: Pick<TestDaemonOptions, "serverUrl" | "apiKey" | "hostname" | "env"> & { dataDir: string },
): ChildProcess {
  const { serverUrl, apiKey, dataDir } = options;
  return spawn(
    process.execPath,
    [MAKIMA, "daemon", "--server-url", serverUrl, "--api-key", apiKey, "--data-dir", dataDir],
    {
      env: {
        ...process.env,
        MAKIMA_CLAUDE_COMMAND: FAKE_CLAUDE_COMMAND,
        MAKIMA_HOSTNAME: options.hostname ?? "test-daemon",
        ...options.env,
      },
      stdio: "ignore",
    },
  );
}

/** Polls until `check` returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 20_000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until the task has ended (completed, failed or interrupted) and gives it back. */
export function taskEnded(taskId: string, timeoutMs = 30_000) {
  return waitFor(
    async () => {
      const task = await getDb().task.findUniqueOrThrow({ where: { id: taskId } });
      return ["completed", "failed", "interrupted"].includes(task.status) ? task : undefined;
    },
    timeoutMs,
    `task ${taskId} to finish`,
  );
}

/** A contract on `repository` with one task of `plan`, handed to a daemon and run to its end: the task and its stored lines. */
export async function runTaskToEnd(repository: string, plan: string, names: { contract: string; task: string }) {
  const db = getDb();
  const contract = await db.contract.create({ data: { name: names.contract, repository } });
  const task = await db.task.create({ data: { contractId: contract.id, name: names.task, plan } });
  await getRuntime().scheduleTasks();
  const done = await taskEnded(task.id);
  const output = await db.taskOutput.findMany({ where: { taskId: task.id }, orderBy: { seq: "asc" } });
  return { done, output };
}
