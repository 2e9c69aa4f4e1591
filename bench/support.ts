/** What the benchmarks share: option parsing, waiting, and `makima daemon` as a child process running the fake claude. */
import { spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import path from "node:path";

export const PROJECT_ROOT = path.resolve(import.meta.dirname, "..");
export const FAKE_CLAUDE_COMMAND = `${process.execPath} ${path.join(PROJECT_ROOT, "scripts/fake-claude.mjs")}`;

export function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === "") return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`--${name} must be a positive integer, got "${value}"`);
  return parsed;
}

export function nonNegativeInt(value: string | undefined, fallback: number, name: string): number {
  return value === "0" ? 0 : positiveInt(value, fallback, name);
}

export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs).unref(),
    ),
  ]);
}

export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
  intervalMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export interface BenchDaemonOptions {
  serverUrl: string;
  apiKey: string;
  dataDir: string;
  maxTasks: number;
  hostname: string;
  /** For the fake claude (FAKE_CLAUDE_*), which the daemon passes on to it. */
  env: Record<string, string>;
  stdio: StdioOptions;
}

/** `makima daemon` in a process of its own (so it does not share the server's event loop), running the fake claude. */
export function startBenchDaemon(options: BenchDaemonOptions): ChildProcess {
  const { serverUrl, dataDir, maxTasks } = options;
  return spawn(
    process.execPath,
    [
      path.join(PROJECT_ROOT, "bin/makima.mjs"),
      "daemon",
      ...["--server-url", serverUrl, "--data-dir", dataDir, "--max-tasks", String(maxTasks)],
      ...["--claude-command", FAKE_CLAUDE_COMMAND],
    ],
    {
      // The key by environment, like any secret.
      env: { ...process.env, MAKIMA_API_KEY: options.apiKey, MAKIMA_HOSTNAME: options.hostname, ...options.env },
      stdio: options.stdio,
    },
  );
}
