import { apiGroupCommand, type CommandGroup, type Subcommand } from "./api-command";
import { defaultDeps, printJson, textArgument, type Deps } from "./io";
import { runCommand } from "./run-command";
import { contractDetails, renderContractStatus } from "./format/contract";
import { tasksSubcommand } from "./supervisor-command";

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
complete it. The contract is MAKIMA_CONTRACT_ID (set for a task's claude) or --contract.`,
  subcommands: [show, status, tasksSubcommand("contract"), report, complete],
};

export function runContractCommand(argv: string[], deps: Deps = defaultDeps()): Promise<number> {
  return runCommand(apiGroupCommand(CONTRACT, deps), argv, deps.io);
}
