import { Command } from "commander";
import { ApiClient, DEFAULT_API_URL, resolveCliContext, type CliContext } from "./api-client";
import { makimaApi, type MakimaApi } from "./api";
import { alignColumns, indent } from "./format/layout";
import type { Deps } from "./io";
import { commandGroup, endWith } from "./run-command";

/**
 * The command groups that call the HTTP API (`makima supervisor`, `makima contract`): one table of subcommands
 * each, made into commander commands that share their connection options, environment and help. API errors exit 1.
 */

export interface ArgumentSpec {
  name: string;
  help: string;
  optional?: boolean;
}

export interface OptionSpec {
  type: "string" | "boolean";
  /** The value's placeholder in the help, for a string option. */
  value?: string;
  help: string;
}

/** One run of a subcommand, its command line parsed and checked. */
export interface CommandCall {
  /** The positional arguments, as many as the subcommand declares (optional ones may be missing). */
  args: string[];
  option(name: string): string | undefined;
  flag(name: string): boolean;
  json: boolean;
  context: CliContext;
  api: MakimaApi;
  deps: Deps;
}

export interface Subcommand {
  name: string;
  /** One line, for the group's list. */
  summary: string;
  /** What it does, what it prints and its exit codes, for its --help. */
  description: string;
  args?: ArgumentSpec[];
  options?: Record<string, OptionSpec>;
  /** It acts on a contract: MAKIMA_CONTRACT_ID or --contract is required. */
  needsContract?: boolean;
  /** Environment variables it reads besides the common ones, with what they mean. */
  env?: [string, string][];
  examples?: string[];
  run(call: CommandCall): Promise<number>;
}

export interface CommandGroup {
  name: string;
  description: string;
  subcommands: Subcommand[];
}

const COMMON_OPTIONS: Record<string, OptionSpec> = {
  json: { type: "boolean", help: "print the API's JSON instead of text" },
  "api-url": { type: "string", value: "URL", help: `the Makima server [MAKIMA_API_URL] (default ${DEFAULT_API_URL})` },
  "api-key": {
    type: "string",
    value: "KEY",
    help: "a cli key (Settings page) or a task's key [MAKIMA_API_KEY] (required)",
  },
};

const CONTRACT_OPTION: Record<string, OptionSpec> = {
  contract: { type: "string", value: "ID", help: "the contract to act on [MAKIMA_CONTRACT_ID] (required)" },
};

const COMMON_ENV: [string, string][] = [
  ["MAKIMA_API_URL", `the server's base URL (default ${DEFAULT_API_URL})`],
  ["MAKIMA_API_KEY", "the API key (required); a task's claude has its task's key here"],
];

const CONTRACT_ENV: [string, string][] = [["MAKIMA_CONTRACT_ID", "the contract (required); set for a task's claude"]];

/** `makima supervisor`, its subcommands run with `deps`. */
export function apiGroupCommand(group: CommandGroup, deps: Deps): Command {
  const command = commandGroup(group.name, group.description).addHelpText(
    "after",
    `
Every subcommand takes --json (the API's JSON instead of text), --api-url URL [MAKIMA_API_URL] and
--api-key KEY [MAKIMA_API_KEY]; those acting on the contract take --contract ID [MAKIMA_CONTRACT_ID].
Exit codes: 0 done, 1 error (the API's message on stderr), 2 usage error.
Run "makima ${group.name} <subcommand> --help" for a subcommand's usage. docs/CLI.md has the full reference.`,
  );
  for (const sub of group.subcommands) command.addCommand(subcommandCommand(sub, deps));
  return command;
}

function subcommandCommand(sub: Subcommand, deps: Deps): Command {
  const command = new Command(sub.name).summary(sub.summary).description(sub.description);
  for (const arg of sub.args ?? []) command.argument(arg.optional ? `[${arg.name}]` : `<${arg.name}>`, arg.help);
  const options = { ...sub.options, ...COMMON_OPTIONS, ...(sub.needsContract ? CONTRACT_OPTION : {}) };
  for (const [name, spec] of Object.entries(options))
    command.option(`--${name}${spec.type === "string" ? ` <${spec.value ?? "VALUE"}>` : ""}`, spec.help);
  const env = [...COMMON_ENV, ...(sub.needsContract ? CONTRACT_ENV : []), ...(sub.env ?? [])];
  command.addHelpText("after", `\nEnvironment (flags win over variables):\n${columns(env)}`);
  if (sub.examples?.length) command.addHelpText("after", `\nExamples:\n${indent(sub.examples.join("\n"), "  ")}`);

  /** An option's value by its name on the command line (commander keys them in camelCase). */
  const valueOf = (name: string): unknown => {
    const option = command.options.find((candidate) => candidate.long === `--${name}`);
    return option && command.getOptionValue(option.attributeName());
  };
  const text = (name: string) => {
    const value = valueOf(name);
    return typeof value === "string" ? value : undefined;
  };
  return command.action(async () => {
    const context = resolveCliContext(
      { "api-url": text("api-url"), "api-key": text("api-key"), contract: text("contract") },
      deps.env,
      !!sub.needsContract,
    );
    const code = await sub.run({
      args: command.args,
      option: text,
      flag: (name) => valueOf(name) === true,
      json: valueOf("json") === true,
      context,
      api: makimaApi(new ApiClient(context, deps.fetch)),
      deps,
    });
    endWith(code);
  });
}

/** Help lines: two columns, indented. */
function columns(rows: [string, string][]): string {
  return indent(alignColumns(rows), "  ");
}
