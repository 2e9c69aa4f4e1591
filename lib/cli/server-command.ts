import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import { getDb } from "../server/db/client";
import { dataDir } from "../server/db/location";
import { resolveServerConfig } from "../server/config";
import { provisionLocalDaemonKey } from "../server/api-keys/api-key-store";
import { PROJECT_ROOT, startServer } from "../server/start-server";
import { localDaemonEnvironment } from "./local-daemon-env";
import { untilShutdownSignal } from "./signals";

export const SERVER_HELP = `Usage: makima server [options]      (makima start: the same, plus one local daemon)

Serves the dashboard (Next.js) and the daemon endpoint (Socket.IO /daemon, /ui) on one port, on the
SQLite database in MAKIMA_DATA_DIR (default ./data/makima.db; DATABASE_URL overrides the file).

Options (environment variable in brackets):
  --host HOST      address to listen on [MAKIMA_HOST] (default 127.0.0.1)
  --port PORT      port to listen on [PORT] (default 3000)
  --dev            Next.js development mode (hot reload)
  -h, --help       show this help`;

function parseServerFlags(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      host: { type: "string" },
      port: { type: "string" },
      dev: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  return values;
}

export async function runServerCommand(argv: string[]): Promise<number> {
  const flags = parseServerFlags(argv);
  if (flags.help) {
    console.log(SERVER_HELP);
    return 0;
  }
  const server = await startServer(resolveServerConfig(flags));
  console.log(`[server] Makima is running at ${server.url}`);
  announceSetup(server.setupUrl);
  await untilShutdownSignal();
  await server.close();
  return 0;
}

/** `npm start`: the server and one local daemon with a freshly provisioned key, stopped together. */
export async function runStartCommand(argv: string[]): Promise<number> {
  const flags = parseServerFlags(argv);
  if (flags.help) {
    console.log(SERVER_HELP);
    return 0;
  }
  const server = await startServer(resolveServerConfig(flags));
  const apiKey = await provisionLocalDaemonKey(getDb());
  const daemon = startLocalDaemon(server.url, apiKey);
  console.log(`[server] Makima is running at ${server.url} with a local daemon`);
  announceSetup(server.setupUrl);
  await untilShutdownSignal();
  console.log("[server] shutting down");
  await stopChild(daemon, 15_000);
  await server.close();
  return 0;
}

/** While no account exists, the one line that says how to make the first (the owner). */
function announceSetup(setupUrl: string | null): void {
  if (setupUrl) console.log(`Create the first account: ${setupUrl}`);
}

function startLocalDaemon(serverUrl: string, apiKey: string): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      path.join(PROJECT_ROOT, "bin/makima.mjs"),
      "daemon",
      "--server-url",
      serverUrl,
      "--data-dir",
      path.join(dataDir(), "daemon"),
    ],
    {
      // An IPC channel too: it closes when the server dies, however it dies, and the daemon follows.
      stdio: ["inherit", "inherit", "inherit", "ipc"],
      // Without the server's secrets, which would reach every claude it runs; the server's data folder hidden.
      env: localDaemonEnvironment(process.env, { apiKey, serverDataDir: dataDir() }),
      // Its own process group: a terminal's Ctrl-C reaches only the server, which then stops the daemon
      // once (a second signal would make the daemon exit without stopping its tasks).
      detached: true,
    },
  );
  child.on("exit", (code, signal) => {
    if (code !== 0 && signal === null) console.error(`[server] the local daemon exited with code ${code}`);
  });
  return child;
}

function stopChild(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
