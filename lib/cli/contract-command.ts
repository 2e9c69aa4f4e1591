import type { Command } from "commander";
import { ContractAnswer } from "../shared/api/schemas";
import { PermissionMode } from "../shared/schemas/contract";
import { ApiClient } from "./api-client";
import { apiGroupCommand, type CommandGroup, type Subcommand } from "./api-command";
import { ApiError, UsageError } from "./errors";
import { defaultDeps, printJson, textArgument, type Deps } from "./io";
import { runCommand } from "./run-command";
import { contractDetails, renderContractStatus } from "./format/contract";
import { tasksSubcommand } from "./supervisor-command";

/** `--allow` may be given again and again; its values arrive joined one a line (a rule is one line). */
const ALLOW_OPTION = "allow";

const create: Subcommand = {
  name: "create",
  summary: "create a contract: repository, branches, permissions; prints its id",
  description: `Creates an active contract (POST /contracts) and prints its id. Its tasks' claude runs with the permission
mode given (default acceptEdits: it asks before commands, not before edits; bypassPermissions runs any command without
asking) and uses the --allow rules without asking, in Claude Code's rule syntax. A request nobody answers within
--deny-after minutes is denied (default: it waits). A rule that is not one is refused (exit 1), the message naming
it. Needs a member's key; a task's key may not create contracts.`,
  options: {
    name: { type: "string", value: "NAME", help: "the contract's name (required)" },
    repository: {
      type: "string",
      value: "REPO",
      help: "a path on the daemon's machine or a git URL (required)",
    },
    description: { type: "string", value: "TEXT", help: 'the work asked ("-" reads it from stdin)' },
    "base-branch": { type: "string", value: "BRANCH", help: "task branches start from it (default main)" },
    "target-branch": { type: "string", value: "BRANCH", help: "finished work lands here (default main)" },
    permissions: {
      type: "string",
      value: "MODE",
      help: `how claude asks before using a tool: ${PermissionMode.options.join(", ")} (default acceptEdits)`,
    },
    [ALLOW_OPTION]: {
      type: "string",
      value: "RULE",
      help: "a tool claude may use without asking, e.g. 'Bash(npm test:*)' (repeatable)",
    },
    "deny-after": {
      type: "string",
      value: "MINUTES",
      help: "deny a request nobody answers within this many minutes, 1-10080 (default: wait)",
    },
  },
  examples: [
    "makima contract create --name 'Parser rewrite' --repository git@github.com:me/parser.git",
    "makima contract create --name Tests --repository /srv/app --permissions default --allow 'Bash(npm test:*)' --allow Edit --deny-after 30",
    "id=$(makima contract create --name Docs --repository /srv/app --json | jq -r .contract.id)",
  ],
  async run({ option, context, json, deps }) {
    const name = option("name");
    if (name === undefined) throw new UsageError("a name is required: pass --name NAME");
    const repository = option("repository");
    if (repository === undefined) throw new UsageError("a repository is required: pass --repository REPO");
    // What is not given is left out: the server's default applies.
    const body: Record<string, unknown> = { name, repository, allowRules: option(ALLOW_OPTION)?.split("\n") ?? [] };
    const description = option("description");
    if (description !== undefined) body.description = await textArgument(description, deps);
    const fields = {
      baseBranch: option("base-branch"),
      targetBranch: option("target-branch"),
      permissionMode: permissionMode(option("permissions")),
      denyUnansweredAfterMinutes: minutes(option("deny-after")),
    };
    for (const [field, value] of Object.entries(fields)) if (value !== undefined) body[field] = value;

    const path = "/contracts";
    const sent = await new ApiClient(context, deps.fetch).post<unknown>(path, body);
    const answer = ContractAnswer.safeParse(sent);
    if (!answer.success) {
      const issues = answer.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
      throw new ApiError(
        `POST ${path} answered in a shape this makima does not read (is the server another version?): ${issues}`,
        null,
        sent,
      );
    }
    if (json) printJson(deps.io, answer.data);
    else deps.io.stdout(`${answer.data.contract.id}\n`);
    return 0;
  },
};

function permissionMode(value: string | undefined): PermissionMode | undefined {
  if (value === undefined) return undefined;
  const mode = PermissionMode.safeParse(value);
  if (!mode.success)
    throw new UsageError(`--permissions must be one of ${PermissionMode.options.join(", ")} (got "${value}")`);
  return mode.data;
}

function minutes(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()))
    throw new UsageError(`--deny-after must be a whole number of minutes (got "${value}")`);
  return Number(value.trim());
}

const show: Subcommand = {
  name: "show",
  summary: "the contract's fields: name, status, repository, branches, settings",
  description:
    "Shows the contract: name, status, repository, base and target branches, completion action, loop settings, times and description.",
  needsContract: true,
  async run({ api, context, json, deps }) {
    const answer = await api.contract(context.contractId!);
    if (json) printJson(deps.io, answer);
    else deps.io.stdout(`${contractDetails(answer.contract)}\n`);
    return 0;
  },
};

const status: Subcommand = {
  name: "status",
  summary: "the contract's status, its tasks counted by status, the latest progress report",
  description:
    "Shows where the contract stands: its status, its tasks counted by status (active and finished), and its latest progress report.",
  needsContract: true,
  async run({ api, context, json, deps }) {
    const answer = await api.contractStatus(context.contractId!);
    if (json) printJson(deps.io, answer);
    else deps.io.stdout(`${renderContractStatus(answer)}\n`);
    return 0;
  },
};

const report: Subcommand = {
  name: "report",
  summary: "record a progress report on the contract",
  description: `Records a progress report on the contract, shown on its page and by "makima contract status". A task's
key signs the report with its task.`,
  args: [{ name: "progress", help: 'what has been done and what is left ("-" reads it from stdin)' }],
  needsContract: true,
  examples: ['makima contract report "3 of 5 subtasks merged; the parser rewrite is under review"'],
  async run({ args: [progress], api, context, json, deps }) {
    const answer = await api.report(context.contractId!, await textArgument(progress, deps));
    if (json) printJson(deps.io, answer);
    else deps.io.stdout(`Reported progress on contract ${context.contractId} (${answer.report.createdAt}).\n`);
    return 0;
  },
};

const complete: Subcommand = {
  name: "complete",
  summary: "mark the contract completed (its worktrees are then cleaned up)",
  description: `Marks the contract completed: it takes no new tasks, its tasks' worktrees are cleaned up (their branches
are kept) and its supervisors waiting for a message end. Completing a completed contract changes nothing; an
archived contract is refused (exit 1).`,
  needsContract: true,
  async run({ api, context, json, deps }) {
    const answer = await api.complete(context.contractId!);
    if (json) printJson(deps.io, answer);
    else {
      const { contract } = answer;
      deps.io.stdout(
        `Contract ${contract.name} (${contract.id}) is ${contract.status}; its tasks' worktrees will be cleaned up (branches are kept).\n`,
      );
    }
    return 0;
  },
};

export const CONTRACT: CommandGroup = {
  name: "contract",
  description: `The contract a task works for, over the HTTP API: read it, see where it stands, report progress,
complete it; or create one. The contract is MAKIMA_CONTRACT_ID (set for a task's claude) or --contract.`,
  subcommands: [create, show, status, tasksSubcommand("contract"), report, complete],
};

/** `makima contract`, its subcommands run with `deps`. */
export function contractCommand(deps: Deps): Command {
  const command = apiGroupCommand(CONTRACT, deps);
  // Commander keeps an option's last value; --allow collects every one, one a line (a rule is one line).
  command.commands
    .find((sub) => sub.name() === create.name)
    ?.options.find((option) => option.long === `--${ALLOW_OPTION}`)
    ?.argParser((value: string, previous: string | undefined) =>
      previous === undefined ? value : `${previous}\n${value}`,
    );
  return command;
}

export function runContractCommand(argv: string[], deps: Deps = defaultDeps()): Promise<number> {
  return runCommand(contractCommand(deps), argv, deps.io);
}
