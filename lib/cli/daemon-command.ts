import { Command } from "commander";
import { BubblewrapNotFoundError, resolveDaemonConfig, type DaemonConfig, type DaemonFlags } from "../../daemon/config";
import { runDaemon } from "../../daemon/main";
import { alignColumns, indent } from "./format/layout";
import { defaultDeps, type Deps } from "./io";
import { endWith, runCommand } from "./run-command";
import { untilShutdownSignal } from "./signals";

const SANDBOX_BINDS = indent(
  alignColumns([
    ["MAKIMA_BUBBLEWRAP_RO_BINDS", "extra paths bound read-only"],
    ["MAKIMA_BUBBLEWRAP_RW_BINDS", "extra paths bound read-write"],
  ]),
  "  ",
);

export function runDaemonCommand(argv: string[], deps: Deps = defaultDeps()): Promise<number> {
  // Commander names each option's value as DaemonFlags does: --max-tasks is maxTasks.
  const command = new Command("daemon")
    .description("Connects to a Makima server and runs the tasks it assigns, each in its own git worktree.")
    .optionsGroup("Options (environment variable in brackets):")
    .option("--server-url <URL>", "server to connect to [MAKIMA_SERVER_URL] (default http://127.0.0.1:3000)")
    .option("--api-key <KEY>", "daemon API key [MAKIMA_API_KEY] (required)")
    .option("--max-tasks <N>", "most tasks run at once [MAKIMA_MAX_TASKS] (default 4)")
    .option(
      "--data-dir <DIR>",
      "base folder for repos/, worktrees/ and machine-id [MAKIMA_DAEMON_DIR] (default ~/.makima)",
    )
    .option("--repos-dir <DIR>", "where git URLs are cloned [MAKIMA_REPOS_DIR] (default <data-dir>/repos)")
    .option(
      "--worktrees-dir <DIR>",
      "where task worktrees are made [MAKIMA_WORKTREES_DIR] (default <data-dir>/worktrees)",
    )
    .option("--claude-command <CMD>", "the claude command line [MAKIMA_CLAUDE_COMMAND] (default claude)")
    .option("--bubblewrap", "run claude in a bubblewrap (bwrap) sandbox [MAKIMA_DAEMON_BUBBLEWRAP=1]")
    .addHelpText("after", `\nThe sandbox's extra binds, colon-separated paths:\n${SANDBOX_BINDS}`);
  command.action(async () => endWith(await runDaemonUntilStopped(command.opts<DaemonFlags>())));
  return runCommand(command, argv, deps.io);
}

/** A daemon that `makima start` runs has an IPC channel to it, which closes when the server process is gone. */
function untilParentGone(): Promise<null> {
  if (!process.send) return new Promise(() => undefined);
  return new Promise((resolve) => process.once("disconnect", () => resolve(null)));
}

async function runDaemonUntilStopped(flags: DaemonFlags): Promise<number> {
  let config: DaemonConfig;
  try {
    config = resolveDaemonConfig(flags);
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
  // An open IPC channel would keep this process alive after a SIGTERM, until `makima start` gave up and killed it.
  if (process.connected) process.disconnect();
  return 0;
}
