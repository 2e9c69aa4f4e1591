import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { Command } from "commander";
import { getDb } from "../server/db/client";
import { dataDir } from "../shared/data-location";
import { resolveServerConfig, type ServerFlags } from "../server/config";
import { provisionLocalDaemonKey } from "../server/api-keys/api-key-store";
import { PROJECT_ROOT, startServer } from "../server/start-server";
import { DaemonSupervisor } from "./daemon-supervisor";
import { defaultDeps, type Deps } from "./io";
import { localDaemonEnvironment } from "./local-daemon-env";
import { runCommand } from "./run-command";
import { untilShutdownSignal } from "./signals";

const SERVES = `Serves the dashboard (Next.js) and the daemon endpoint (Socket.IO /daemon, /ui) on one port, on the
SQLite database in MAKIMA_DATA_DIR (default ./data/makima.db; DATABASE_URL overrides the file).`;

export function runServerCommand(argv: string[], deps: Deps = defaultDeps()): Promise<number> {
  const description = `${SERVES}\nmakima start does the same and runs one local daemon with it.`;
  return runCommand(serverCommand("server", description, serve), argv, deps.io);
}

export function runStartCommand(argv: string[], deps: Deps = defaultDeps()): Promise<number> {
  const description = `Runs makima server and one local daemon (with a fresh daemon key), stopped together: what npm start runs.
${SERVES}`;
  return runCommand(serverCommand("start", description, serveWithLocalDaemon), argv, deps.io);
}

/** `makima server` and `makima start`: the same options, another action. */
function serverCommand(name: string, description: string, run: (flags: ServerFlags) => Promise<void>): Command {
  const command = new Command(name)
    .description(description)
    .optionsGroup("Options (environment variable in brackets):")
    .option("--host <HOST>", "address to listen on [MAKIMA_HOST] (default 127.0.0.1)")
    .option("--port <PORT>", "port to listen on [PORT] (default 3000)")
    .option("--dev", "Next.js development mode (hot reload)");
  return command.action(() => run(command.opts<ServerFlags>()));
}

async function serve(flags: ServerFlags): Promise<void> {
  const server = await startServer(resolveServerConfig(flags));
  console.log(`[server] Makima is running at ${server.url}`);
  announceSetup(server.setupUrl);
  await untilShutdownSignal();
  await server.close();
}

/**
 * `npm start`: the server and one local daemon with a freshly provisioned key, restarted when it crashes, stopped
 * together.
 */
async function serveWithLocalDaemon(flags: ServerFlags): Promise<void> {
  const server = await startServer(resolveServerConfig(flags));
  const apiKey = await provisionLocalDaemonKey(getDb());
  const daemon = new DaemonSupervisor((restarts) => startLocalDaemon(server.url, apiKey, restarts));
  console.log(`[server] Makima is running at ${server.url} with a local daemon`);
  announceSetup(server.setupUrl);
  await untilShutdownSignal();
  console.log("[server] shutting down");
  await daemon.stop(15_000);
  await server.close();
}

/** While no account exists, the one line that says how to make the first (the owner). */
function announceSetup(setupUrl: string | null): void {
  if (setupUrl) console.log(`Create the first account: ${setupUrl}`);
}

/** One run of the local daemon: `makima daemon` as a child process, told how many restarts came before it. */
function startLocalDaemon(serverUrl: string, apiKey: string, restarts: number): ChildProcess {
  return spawn(
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
      env: {
        ...localDaemonEnvironment(process.env, { apiKey, serverDataDir: dataDir() }),
        MAKIMA_DAEMON_RESTARTS: String(restarts),
      },
      // Its own process group: a terminal's Ctrl-C reaches only the server, which then stops the daemon
      // once (a second signal would make the daemon exit without stopping its tasks).
      detached: true,
    },
  );
}
