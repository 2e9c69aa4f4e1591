import { loadMachineId, type DaemonConfig } from "./config";
import { DaemonConnection } from "./connection";
import { runsAsRoot } from "./claude/permissions";
import { TaskManager } from "./tasks/task-manager";

export const DAEMON_VERSION = "0.1.0";

export interface RunningDaemon {
  /** Resolves when the daemon stops for good: a refused key (with the reason) or `stop()`. */
  stopped: Promise<{ refused?: string }>;
  stop(): Promise<void>;
}

/** `makima daemon`: connects to the server and runs the tasks it is given. */
export function runDaemon(config: DaemonConfig): RunningDaemon {
  let finish!: (result: { refused?: string }) => void;
  const stopped = new Promise<{ refused?: string }>((resolve) => (finish = resolve));

  const connection: DaemonConnection = new DaemonConnection({
    serverUrl: config.serverUrl,
    identity: {
      apiKey: config.apiKey,
      machineId: loadMachineId(config.dataDir),
      hostname: config.hostname,
      maxConcurrentTasks: config.maxTasks,
      version: DAEMON_VERSION,
      runsAsRoot: runsAsRoot(),
      sandboxed: config.bubblewrap.enabled,
      restarts: config.restarts,
    },
    heartbeatMs: config.heartbeatMs,
    runningTaskIds: () => tasks.runningTaskIds(),
    onCommand: async (command) => tasks.handle(command),
    onAuthenticated: () => {
      tasks.resume();
      void tasks.worktrees.reportInventory();
    },
    onRefused: (reason) => {
      console.error(`[daemon] the server refused this daemon: ${reason}`);
      void tasks.login.close();
      connection.close();
      finish({ refused: reason });
    },
  });
  const tasks = new TaskManager(config, connection);
  connection.connect();

  return {
    stopped,
    async stop() {
      await tasks.shutdown();
      connection.close();
      finish({});
    },
  };
}
