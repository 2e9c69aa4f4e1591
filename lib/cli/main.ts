import { defaultDeps, type Deps } from "./io";

const USAGE = `makima — run Claude Code agents on your own machines

Usage:
  makima start      [--host H] [--port P] [--dev]   server plus one local daemon (what npm start runs)
  makima server     [--host H] [--port P] [--dev]   the dashboard and the daemon endpoint on one port
  makima daemon     --server-url URL --api-key KEY [--max-tasks N] [--data-dir D]
                    [--repos-dir D] [--worktrees-dir D] [--claude-command CMD] [--bubblewrap]
  makima supervisor <subcommand>   orchestrate a contract's tasks over the HTTP API:
                    spawn, tasks, tree, task, output, wait, diff, read-file, merge
  makima contract   <subcommand>   the contract over the HTTP API: create, show, status, tasks, report, complete
  makima user       <subcommand>   accounts, on the server's database: add, passwd, list
  makima key        create --scope daemon|cli [--name N] [--user EMAIL]
                    an API key, on the server's database, printed on the last line

Run "makima <command> --help" for a command's options. docs/CLI.md has the full reference.`;

type RunCommand = (argv: string[], deps: Deps) => Promise<number>;

/**
 * Each command's module, loaded only when it runs: the server's (Next.js, Prisma) takes a second to load, which the
 * API commands a supervisor calls often should not pay. Each parses the rest of the command line with commander.
 */
const COMMANDS: Record<string, () => Promise<RunCommand>> = {
  start: async () => (await import("./server-command")).runStartCommand,
  server: async () => (await import("./server-command")).runServerCommand,
  daemon: async () => (await import("./daemon-command")).runDaemonCommand,
  supervisor: async () => (await import("./supervisor-command")).runSupervisorCommand,
  contract: async () => (await import("./contract-command")).runContractCommand,
  user: async () => (await import("./user-command")).runUserCommand,
  key: async () => (await import("./key-command")).runKeyCommand,
};

/** Runs one `makima` command; resolves with the process exit code. */
export async function main(argv: string[], deps: Deps = defaultDeps()): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== undefined && Object.hasOwn(COMMANDS, command)) {
    let run: RunCommand;
    try {
      run = await COMMANDS[command]();
    } catch (error) {
      deps.io.stderr(`makima ${command}: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
    return run(rest, deps);
  }
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    deps.io.stdout(`${USAGE}\n`);
    return 0;
  }
  deps.io.stderr(`makima: unknown command "${command}"\n\n${USAGE}\n`);
  return 2;
}
