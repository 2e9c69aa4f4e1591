import { runDaemonCommand } from "./daemon-command";
import { runServerCommand, runStartCommand } from "./server-command";

const USAGE = `makima — run Claude Code agents on your own machines

Usage:
  makima start    [--host H] [--port P] [--dev]   server plus one local daemon (what npm start runs)
  makima server   [--host H] [--port P] [--dev]   the dashboard and the daemon endpoint on one port
  makima daemon   --server-url URL --api-key KEY [--max-tasks N] [--data-dir D]
                  [--repos-dir D] [--worktrees-dir D] [--claude-command CMD]

Run "makima <command> --help" for a command's options. docs/CLI.md has the full reference.`;

/** Runs one `makima` command; resolves with the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "start":
        return await runStartCommand(rest);
      case "server":
        return await runServerCommand(rest);
      case "daemon":
        return await runDaemonCommand(rest);
      case undefined:
      case "help":
      case "--help":
      case "-h":
        console.log(USAGE);
        return 0;
      default:
        console.error(`makima: unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    console.error(`makima ${command}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
