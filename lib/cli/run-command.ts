import { Command, CommanderError } from "commander";
import { UsageError } from "./errors";
import type { Io } from "./io";

/**
 * How every `makima` command runs on commander: help and messages go to the injected Io and nothing calls
 * process.exit. A usage error (commander's, or a UsageError from an action) prints the message and the usage and
 * exits 2; any other error prints `makima <command>: <message>` and exits 1.
 */

/** The help texts are written for 120 columns, as the code is: commander wraps only longer lines. */
const HELP_WIDTH = 120;

/** The CommanderError code of an action's own exit code (see endWith). */
const ACTION_EXIT = "makima.actionExit";

/** Ends an action with a non-zero exit code and no message, as commander itself ends after printing the help. */
export function endWith(code: number): void {
  if (code !== 0) throw new CommanderError(code, ACTION_EXIT, `exit code ${code}`);
}

/**
 * A command made of subcommands (`makima supervisor`, `makima user`). Left to itself, commander prints the help
 * and exits 1 when the subcommand is missing or unknown; this one says which, as a usage error.
 */
export function commandGroup(name: string, description: string): Command {
  const group = new Command(name)
    .description(description)
    .usage("<subcommand> [options]")
    .commandsGroup("Subcommands:")
    // An action turns commander's implicit help command off: `makima supervisor help spawn` needs it back.
    .helpCommand("help [subcommand]", "show a subcommand's help")
    .allowExcessArguments();
  return group.action(() => {
    throw new UsageError(group.args.length ? `unknown subcommand "${group.args[0]}"` : "a subcommand is required");
  });
}

/** Runs `makima <command> …argv`; resolves with the exit code. */
export async function runCommand(command: Command, argv: string[], io: Io): Promise<number> {
  const program = new Command("makima").addCommand(command);
  configure(program, io);
  // The command whose action runs, to name it in an error the action throws.
  let running = command;
  program.hook("preAction", (_program, actionCommand) => {
    running = actionCommand;
  });
  try {
    await program.parseAsync([command.name(), ...argv], { from: "user" });
    return 0;
  } catch (error) {
    // Commander's own exits: 0 after the help, 1 for its usage errors, which are 2 here.
    if (error instanceof CommanderError) return error.code === ACTION_EXIT || error.exitCode === 0 ? error.exitCode : 2;
    if (error instanceof UsageError) {
      reportUsageError(running, error.message, io);
      return 2;
    }
    io.stderr(`${commandPath(running)}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/** Commander settings are per command, and the commands were made apart: each gets them here. */
function configure(command: Command, io: Io): void {
  command
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      getOutHelpWidth: () => HELP_WIDTH,
      getErrHelpWidth: () => HELP_WIDTH,
      // Commander's "error: …" becomes "makima supervisor task: …", followed by the usage.
      outputError: (message) => reportUsageError(command, message.replace(/^error: /, "").trimEnd(), io),
    })
    // "--api-key KEY", as docs/CLI.md and the messages write options, rather than commander's "--api-key <KEY>".
    .configureHelp({ optionTerm: (option) => option.flags.replace(/<(.+)>/, "$1") })
    .helpOption("-h, --help", "show this help");
  for (const subcommand of command.commands) configure(subcommand, io);
}

/** The message, then a group's whole help (its subcommands) or a command's usage line. */
function reportUsageError(command: Command, message: string, io: Io): void {
  const path = commandPath(command);
  io.stderr(`${path}: ${message}\n`);
  if (command.commands.length > 0) {
    io.stderr("\n");
    command.outputHelp({ error: true });
  } else {
    io.stderr(`Usage: ${command.createHelp().commandUsage(command)}\nRun "${path} --help" for more.\n`);
  }
}

/** `makima supervisor spawn`: the command's name after its parents'. */
function commandPath(command: Command): string {
  return command.parent ? `${commandPath(command.parent)} ${command.name()}` : command.name();
}
