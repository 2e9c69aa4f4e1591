const USAGE = `makima — run Claude Code agents on your own machines

Usage:
  makima start      [--host H] [--port P] [--dev]   server plus one local daemon (what npm start runs)
  makima server     [--host H] [--port P] [--dev]   the dashboard and the daemon endpoint on one port
  makima daemon     --server-url URL --api-key KEY [--max-tasks N] [--data-dir D]
                    [--repos-dir D] [--worktrees-dir D] [--claude-command CMD] [--bubblewrap]
  makima supervisor <subcommand>   orchestrate a contract's tasks over the HTTP API:
                    spawn, tasks, tree, task, output, wait, diff, read-file, merge
  makima contract   <subcommand>   the contract over the HTTP API: show, status, tasks, report, complete
  makima user       <subcommand>   accounts, on the server's database: add, passwd, list

Run "makima <command> --help" for a command's options. docs/CLI.md has the full reference.`;

/**
 * Runs one `makima` command; resolves with the process exit code. Each command's module is loaded only when it
 * runs: the server's (Next.js, Prisma) takes a second to load, which the API commands a supervisor calls often
 * should not pay.
 */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "start":
        return await (await import("./server-command")).runStartCommand(rest);
      case "server":
        return await (await import("./server-command")).runServerCommand(rest);
      case "daemon":
        return await (await import("./daemon-command")).runDaemonCommand(rest);
      case "supervisor":
        return await (await import("./supervisor-command")).runSupervisorCommand(rest);
      case "contract":
        return await (await import("./contract-command")).runContractCommand(rest);
      case "user":
        return await (await import("./user-command")).runUserCommand(rest);
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
