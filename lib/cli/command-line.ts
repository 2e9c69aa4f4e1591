import { parseArgs } from "node:util";
import { ApiClient, DEFAULT_API_URL, resolveCliContext, type CliContext, type Env } from "./api-client";
import { makimaApi, type MakimaApi } from "./api";
import { UsageError } from "./errors";
import { alignColumns, indent } from "./format/layout";

/**
 * The command groups that call the HTTP API (`makima supervisor`, `makima contract`): one table of subcommands
 * each, parsed, documented and run the same way. Usage errors exit 2, API errors 1.
 */

/** Where a command writes; text goes out as is (callers add the newlines), so file contents pass unchanged. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The process's own streams. A reader that goes away (`makima supervisor output … | head`) ends the command quietly. */
function processIo(): Io {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(0);
  });
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
  };
}

/** What the API commands depend on, replaceable in tests. */
export interface Deps {
  io: Io;
  env: Env;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** All of stdin, for a plan or a report given as "-". */
  readStdin: () => Promise<string>;
}

export const defaultDeps = (): Deps => ({
  io: processIo(),
  env: process.env,
  fetch: (...args) => fetch(...args),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  },
});

/** `--json` output: the API's answer, pretty-printed. */
export function printJson(io: Io, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

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

function optionsOf(sub: Subcommand): Record<string, OptionSpec> {
  return { ...sub.options, ...COMMON_OPTIONS, ...(sub.needsContract ? CONTRACT_OPTION : {}) };
}

/** `<id> [timeout]`: required arguments in angle brackets, optional ones in square brackets. */
function argumentsSynopsis(sub: Subcommand): string[] {
  return (sub.args ?? []).map((arg) => (arg.optional ? `[${arg.name}]` : `<${arg.name}>`));
}

function synopsis(group: CommandGroup, sub: Subcommand): string {
  return [`makima ${group.name} ${sub.name}`, "[options]", ...argumentsSynopsis(sub)].join(" ");
}

/** Help lines: two columns, indented. */
function columns(rows: [string, string][]): string {
  return indent(alignColumns(rows), "  ");
}

function subcommandHelp(group: CommandGroup, sub: Subcommand): string {
  const sections = [`Usage: ${synopsis(group, sub)}`, sub.description];
  if (sub.args?.length) sections.push(`Arguments:\n${columns(sub.args.map((arg) => [arg.name, arg.help]))}`);
  const options = Object.entries(optionsOf(sub)).map(([name, spec]): [string, string] => [
    `--${name}${spec.value ? ` ${spec.value}` : ""}`,
    spec.help,
  ]);
  sections.push(`Options:\n${columns([...options, ["-h, --help", "show this help"]])}`);
  const env = [...COMMON_ENV, ...(sub.needsContract ? CONTRACT_ENV : []), ...(sub.env ?? [])];
  sections.push(`Environment (flags win over variables):\n${columns(env)}`);
  if (sub.examples?.length) sections.push(`Examples:\n${sub.examples.map((example) => `  ${example}`).join("\n")}`);
  return sections.join("\n\n");
}

function groupHelp(group: CommandGroup): string {
  const rows = group.subcommands.map((sub): [string, string] => [
    [sub.name, ...argumentsSynopsis(sub)].join(" "),
    sub.summary,
  ]);
  return [
    `Usage: makima ${group.name} <subcommand> [options]`,
    group.description,
    `Subcommands:\n${columns(rows)}`,
    `Every subcommand takes --json (the API's JSON instead of text), --api-url URL [MAKIMA_API_URL] and
--api-key KEY [MAKIMA_API_KEY]; those acting on the contract take --contract ID [MAKIMA_CONTRACT_ID].
Exit codes: 0 done, 1 error (the API's message on stderr), 2 usage error.
Run "makima ${group.name} <subcommand> --help" for a subcommand's usage. docs/CLI.md has the full reference.`,
  ].join("\n\n");
}

/** Parses and runs `makima <group> <subcommand> …`; resolves with the exit code. */
export async function runCommandGroup(
  group: CommandGroup,
  argv: string[],
  deps: Deps = defaultDeps(),
): Promise<number> {
  const { io } = deps;
  const [name, ...rest] = argv;
  if (name === "help" || name === "--help" || name === "-h") {
    const sub = group.subcommands.find((candidate) => candidate.name === rest[0]);
    io.stdout(`${sub ? subcommandHelp(group, sub) : groupHelp(group)}\n`);
    return 0;
  }
  const sub = group.subcommands.find((candidate) => candidate.name === name);
  if (!sub) {
    const problem = name === undefined ? "a subcommand is required" : `unknown subcommand "${name}"`;
    io.stderr(`makima ${group.name}: ${problem}\n\n${groupHelp(group)}\n`);
    return 2;
  }
  const prefix = `makima ${group.name} ${sub.name}`;
  try {
    const call = parseCall(sub, rest, deps);
    if (call === "help") {
      io.stdout(`${subcommandHelp(group, sub)}\n`);
      return 0;
    }
    return await sub.run(call);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${prefix}: ${error.message}\nUsage: ${synopsis(group, sub)}\nRun "${prefix} --help" for more.\n`);
      return 2;
    }
    io.stderr(`${prefix}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

function parseCall(sub: Subcommand, argv: string[], deps: Deps): CommandCall | "help" {
  const specs = optionsOf(sub);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        ...Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, { type: spec.type }])),
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    // parseArgs explains unknown options and missing values well; its errors are the caller's mistakes.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  const declared = sub.args ?? [];
  const missing = declared.filter((arg) => !arg.optional)[positionals.length];
  if (missing) throw new UsageError(`missing argument <${missing.name}>`);
  if (positionals.length > declared.length)
    throw new UsageError(`unexpected argument "${positionals[declared.length]}"`);
  const context = resolveCliContext(
    values as { "api-url"?: string; "api-key"?: string; contract?: string },
    deps.env,
    !!sub.needsContract,
  );
  return {
    args: positionals,
    option: (name) => (typeof values[name] === "string" ? (values[name] as string) : undefined),
    flag: (name) => values[name] === true,
    json: values.json === true,
    context,
    api: makimaApi(new ApiClient(context, deps.fetch)),
    deps,
  };
}

/** A text argument, or all of stdin when it is "-" (a long plan or report, piped in). */
export async function textArgument(value: string, deps: Deps): Promise<string> {
  return value === "-" ? deps.readStdin() : value;
}
