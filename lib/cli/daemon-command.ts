import { parseArgs } from "node:util";
import { BubblewrapNotFoundError, resolveDaemonConfig, type DaemonConfig } from "../../daemon/config";
import { runDaemon } from "../../daemon/main";
import { untilShutdownSignal } from "./signals";

export const DAEMON_HELP = `Usage: makima daemon [options]

Connects to a Makima server and runs the tasks it assigns, each in its own git worktree.

Options (environment variable in brackets):
  --server-url URL        server to connect to [MAKIMA_SERVER_URL] (default http://127.0.0.1:3000)
  --api-key KEY           daemon API key [MAKIMA_API_KEY] (required)
  --max-tasks N           most tasks run at once [MAKIMA_MAX_TASKS] (default 4)
  --data-dir DIR          base folder for repos/, worktrees/ and machine-id [MAKIMA_DAEMON_DIR] (default ~/.makima)
  --repos-dir DIR         where git URLs are cloned [MAKIMA_REPOS_DIR] (default <data-dir>/repos)
  --worktrees-dir DIR     where task worktrees are made [MAKIMA_WORKTREES_DIR] (default <data-dir>/worktrees)
  --claude-command CMD    the claude command line [MAKIMA_CLAUDE_COMMAND] (default claude)
  --bubblewrap            run claude in a bubblewrap (bwrap) sandbox [MAKIMA_DAEMON_BUBBLEWRAP=1]
                          extra binds, colon-separated paths: [MAKIMA_BUBBLEWRAP_RO_BINDS] read-only,
                          [MAKIMA_BUBBLEWRAP_RW_BINDS] read-write
  -h, --help              show this help`;

/** A daemon that `makima start` runs has an IPC channel to it, which closes when the server process is gone. */
function untilParentGone(): Promise<null> {
  if (!process.send) return new Promise(() => undefined);
  return new Promise((resolve) => process.once("disconnect", () => resolve(null)));
}

export async function runDaemonCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      "server-url": { type: "string" },
      "api-key": { type: "string" },
      "max-tasks": { type: "string" },
      "data-dir": { type: "string" },
      "repos-dir": { type: "string" },
      "worktrees-dir": { type: "string" },
      "claude-command": { type: "string" },
      bubblewrap: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(DAEMON_HELP);
    return 0;
  }
  let config: DaemonConfig;
  try {
    config = resolveDaemonConfig({
      serverUrl: values["server-url"],
      apiKey: values["api-key"],
      maxTasks: values["max-tasks"],
      dataDir: values["data-dir"],
      reposDir: values["repos-dir"],
      worktreesDir: values["worktrees-dir"],
      claudeCommand: values["claude-command"],
      bubblewrap: values.bubblewrap,
    });
  } catch (error) {
    if (!(error instanceof BubblewrapNotFoundError)) throw error;
    console.error(error.message);
    return 1;
  }
  const daemon = runDaemon(config);
  const outcome = await Promise.race([daemon.stopped, untilShutdownSignal().then(() => null), untilParentGone()]);
  if (outcome?.refused) {
    console.error(`makima daemon: ${outcome.refused}. Check --api-key / MAKIMA_API_KEY.`);
    return 1;
  }
  console.log("[daemon] stopping: ending running tasks");
  await daemon.stop();
  return 0;
}
