import { ApiError, UsageError } from "./errors";
import type { MergeResult } from "./api";
import { apiGroupCommand, type CommandGroup, type Subcommand } from "./api-command";
import { defaultDeps, printJson, textArgument, type Deps } from "./io";
import { runCommand } from "./run-command";
import { renderConflicts, renderDiff, renderMerge } from "./format/diff";
import { taskDetails, tasksTable, taskTree } from "./format/tasks";

/*
 * `output` and `wait` load their modules when they run: those bring zod (the stream normaliser, the task statuses),
 * a quarter of a second that the other subcommands, called often by supervisors, need not pay.
 */

/** The exit code of `wait` when the timeout passes first, as timeout(1) has it. */
export const WAIT_TIMEOUT_EXIT = 124;

const taskIdArg = { name: "id", help: "the task's id (makima supervisor tasks lists them)" };

/** `tasks`, in both groups: a supervisor lists its subtasks, a person the contract's tasks. */
export const tasksSubcommand = (group: string): Subcommand => ({
  name: "tasks",
  summary: "list the contract's tasks: id, status, name, branch",
  description:
    "Lists the contract's tasks, oldest first: id, status, name ([supervisor] marks supervisors) and branch.",
  needsContract: true,
  examples: [
    `makima ${group} tasks`,
    `makima ${group} tasks --json | jq -r '.tasks[] | select(.status == "failed") | .id'`,
  ],
  async run({ api, context, json, deps }) {
    const answer = await api.contractTasks(context.contractId!);
    if (json) printJson(deps.io, answer);
    else deps.io.stdout(`${tasksTable(answer.tasks)}\n`);
    return 0;
  },
});

const spawn: Subcommand = {
  name: "spawn",
  summary: "spawn a task on the contract (a subtask of the calling task)",
  description: `Spawns a task on the contract: it is pending until a daemon with a free slot takes it, then runs claude
with the plan in a worktree of its own, on a new branch. Prints its id. Inside a task, the new task is a subtask of
the calling one (MAKIMA_TASK_ID) unless --parent says otherwise.`,
  args: [
    { name: "name", help: "a short name for the task (at most 200 characters)" },
    { name: "plan", help: 'what claude should do: its first prompt ("-" reads it from stdin)' },
  ],
  options: { parent: { type: "string", value: "ID", help: "the parent task (default: MAKIMA_TASK_ID, if set)" } },
  needsContract: true,
  env: [["MAKIMA_TASK_ID", "the calling task, the default --parent; set for a task's claude"]],
  examples: [
    'makima supervisor spawn "Add parser tests" "Write unit tests for src/parser.ts; commit them."',
    'makima supervisor spawn "Refactor" - < plan.md',
    'id=$(makima supervisor spawn "Docs" "Document the API" --json | jq -r .task.id)',
  ],
  async run({ args: [name, plan], option, api, context, json, deps }) {
    const parentTaskId = option("parent") ?? context.taskId ?? undefined;
    const answer = await api.spawnTask(context.contractId!, {
      name,
      plan: await textArgument(plan, deps),
      parentTaskId,
    });
    if (json) printJson(deps.io, answer);
    else {
      const { task } = answer;
      const under = task.parentTaskId ? `, under ${task.parentTaskId}` : "";
      deps.io.stdout(`Spawned ${task.id}: ${task.name} (${task.status}${under})\n`);
    }
    return 0;
  },
};

const tree: Subcommand = {
  name: "tree",
  summary: "the contract's tasks as a tree of parents and subtasks",
  description: `Shows the contract's tasks as a tree by parent: each task's name ([supervisor] marks supervisors),
status and id. With --json, the task list (each task has parentTaskId and depth).`,
  needsContract: true,
  async run({ api, context, json, deps }) {
    const answer = await api.contractTasks(context.contractId!);
    if (json) printJson(deps.io, answer);
    else deps.io.stdout(`${taskTree(answer.tasks)}\n`);
    return 0;
  },
};

const task: Subcommand = {
  name: "task",
  summary: "one task's status, branch, parent, error, cost, times and plan",
  description: "Shows one task: name, status, branch, parent, error, cost, turns, times and its plan.",
  args: [taskIdArg],
  async run({ args: [id], api, json, deps }) {
    const answer = await api.task(id);
    if (json) printJson(deps.io, answer);
    else deps.io.stdout(`${taskDetails(answer.task)}\n`);
    return 0;
  },
};

const output: Subcommand = {
  name: "output",
  summary: "the task's claude output as text (--follow: until it ends)",
  description: `Prints the task's stored output: claude's text, "⏺ Tool(what)" for each tool call with its result
shortened beneath, stderr lines prefixed "stderr:", Makima's notices prefixed "makima:", and the result with its
cost and turns. Lines that are not claude's JSON are printed as they are. With --json, one JSON object per line:
{"seq","stream","line","jsonType","createdAt"}, the line as claude printed it.`,
  args: [taskIdArg],
  options: {
    follow: { type: "boolean", help: "keep printing new lines until the task has ended (polls every second)" },
  },
  examples: [
    "makima supervisor output 3f2c… --follow",
    "makima supervisor output 3f2c… --json | jq -r 'select(.stream == \"stderr\") | .line'",
  ],
  async run({ args: [id], flag, api, json, deps }) {
    const [{ readOutput }, { renderOutputLine }] = await Promise.all([
      import("./task-polling"),
      import("./format/output"),
    ]);
    await readOutput(api, id, {
      follow: flag("follow"),
      sleep: deps.sleep,
      onLine: (line) => deps.io.stdout(`${json ? JSON.stringify(line) : renderOutputLine(line)}\n`),
    });
    return 0;
  },
};

const wait: Subcommand = {
  name: "wait",
  summary: "wait for the task to end: exit 0 completed, 1 otherwise, 124 on timeout",
  description: `Waits until the task has ended, asking the server every second. A pending task, and a supervisor paused
while it waits for a message, have not ended. Prints the task's final status (with --json, the task).
Exit codes: 0 it completed; 1 it failed, was interrupted or reached its iteration limit (or an error);
124 the timeout passed first.`,
  args: [taskIdArg, { name: "timeout", optional: true, help: "seconds to wait at most (default: for ever)" }],
  examples: ["makima supervisor wait 3f2c… 1800 || makima supervisor output 3f2c… | tail -n 40"],
  async run({ args: [id, timeout], api, json, deps }) {
    const { waitForTask } = await import("./task-polling");
    const { task, timedOut } = await waitForTask(api, id, timeoutMs(timeout), deps);
    if (json) printJson(deps.io, { task });
    if (timedOut) {
      deps.io.stderr(`makima supervisor wait: timed out after ${timeout} s: ${task.id} is still ${task.status}\n`);
      return WAIT_TIMEOUT_EXIT;
    }
    if (!json) deps.io.stdout(`${task.id} ${task.status}${task.error ? `: ${task.error}` : ""}\n`);
    return task.status === "completed" ? 0 : 1;
  },
};

function timeoutMs(seconds: string | undefined): number | null {
  if (seconds === undefined) return null;
  if (!/^\d+(\.\d+)?$/.test(seconds))
    throw new UsageError(`the timeout must be a number of seconds (got "${seconds}")`);
  return Number(seconds) * 1000;
}

const diff: Subcommand = {
  name: "diff",
  summary: "the task's changes against its base branch: files with +/- counts, then the patch",
  description: `Shows the task's changes against the contract's base branch, committed and not: the changed files with
their added and deleted line counts, then the unified patch. Asks the daemon that ran the task, which must be
connected (else exit 1, "… offline"). A patch cut at the size limit is said so on stderr.`,
  args: [taskIdArg],
  async run({ args: [id], api, json, deps }) {
    const answer = await api.diff(id);
    if (json) printJson(deps.io, answer);
    else deps.io.stdout(`${renderDiff(answer.diff)}\n`);
    if (answer.diff.truncated)
      deps.io.stderr("makima supervisor diff: the patch was cut at the size limit (the file list is complete)\n");
    return 0;
  },
};

const readFile: Subcommand = {
  name: "read-file",
  summary: "a file of the task's worktree, to stdout as it is",
  description: `Prints a file of the task's worktree to stdout exactly as it is (no newline added). A binary file is
not printed, and a file cut at the size limit is printed in part: a note on stderr says so. Asks the daemon that
ran the task, which must be connected.`,
  args: [taskIdArg, { name: "path", help: "the file's path, relative to the worktree" }],
  examples: ["makima supervisor read-file 3f2c… src/parser.test.ts"],
  async run({ args: [id, path], api, json, deps }) {
    const answer = await api.file(id, path);
    const { file } = answer;
    if (json) printJson(deps.io, answer);
    else deps.io.stdout(file.content);
    if (file.binary)
      deps.io.stderr(
        `makima supervisor read-file: ${file.path} is a binary file (${file.sizeBytes} bytes): not shown\n`,
      );
    else if (file.truncated) {
      const shown = Buffer.byteLength(file.content);
      deps.io.stderr(
        `makima supervisor read-file: ${file.path} is truncated: the first ${shown} of ${file.sizeBytes} bytes\n`,
      );
    }
    return 0;
  },
};

const merge: Subcommand = {
  name: "merge",
  summary: "merge the ended task's branch into the target branch",
  description: `Merges the task's branch into a branch of the repository (default: the contract's target branch), on
the daemon that ran the task; its uncommitted work is committed on its branch first. The task must have ended.
A conflict changes nothing: the conflicting files are listed on stderr and the exit code is 1.`,
  args: [taskIdArg],
  options: {
    to: { type: "string", value: "BRANCH", help: "the branch to merge into (default: the contract's target branch)" },
    squash: { type: "boolean", help: "one new commit with the task's changes instead of a merge commit" },
  },
  examples: ["makima supervisor merge 3f2c…", "makima supervisor merge 3f2c… --to integration --squash"],
  async run({ args: [id], option, flag, api, json, deps }) {
    try {
      const answer = await api.merge(id, { to: option("to"), squash: flag("squash") });
      if (json) printJson(deps.io, answer);
      else deps.io.stdout(`${renderMerge(answer.merge)}\n`);
      return 0;
    } catch (error) {
      // A conflict (409) or a failed merge (422) still says what happened: the whole answer for scripts, the files for people.
      if (!(error instanceof ApiError) || !hasMerge(error.body)) throw error;
      if (json) printJson(deps.io, error.body);
      const files = renderConflicts(error.body.merge.conflicts);
      deps.io.stderr(`makima supervisor merge: ${error.message}\n${files ? `${files}\n` : ""}`);
      return 1;
    }
  },
};

const resume: Subcommand = {
  name: "resume",
  summary: "make an interrupted or failed task go on where it stopped",
  description: `Makes a task that ended interrupted or failed go on in its worktree, on its branch, its output
continuing after a "Resumed by …" line: claude's conversation is resumed on the daemon that ran the task (which must
be connected). --another-daemon starts a new conversation on the task's branch on any daemon instead (when that
machine is gone); --more-iterations N gives a loop that reached its iteration limit N more. Prints the task, pending
until a daemon takes it.`,
  args: [taskIdArg],
  options: {
    message: { type: "string", value: "TEXT", help: 'claude\'s first prompt ("-" reads it from stdin)' },
    "another-daemon": { type: "boolean", help: "a new conversation on the task's branch, on any daemon" },
    "more-iterations": { type: "string", value: "N", help: "a loop at its iteration limit goes on for N more" },
  },
  examples: [
    "makima supervisor resume 3f2c…",
    'makima supervisor resume 3f2c… --message "The build is fixed now: run the tests again."',
    "makima supervisor resume 3f2c… --more-iterations 5",
  ],
  async run({ args: [id], option, flag, api, json, deps }) {
    const more = option("more-iterations");
    if (more !== undefined && flag("another-daemon"))
      throw new UsageError("--more-iterations and --another-daemon do not go together");
    const message = option("message");
    const answer = await api.resume(id, {
      how: more !== undefined ? "moreIterations" : flag("another-daemon") ? "anotherDaemon" : "resume",
      message: message === undefined ? undefined : await textArgument(message, deps),
      iterations: more === undefined ? undefined : Number(more),
    });
    if (json) printJson(deps.io, answer);
    else deps.io.stdout(`Task ${answer.task.id} goes on: ${answer.task.status}\n`);
    return 0;
  },
};

function hasMerge(body: unknown): body is { merge: MergeResult } {
  return (
    typeof body === "object" &&
    body !== null &&
    "merge" in body &&
    typeof body.merge === "object" &&
    body.merge !== null
  );
}

export const SUPERVISOR: CommandGroup = {
  name: "supervisor",
  description: `Orchestrates a contract's tasks over the HTTP API: spawn subtasks, follow them, inspect and merge their
work. A supervisor task's claude has MAKIMA_API_URL, MAKIMA_API_KEY, MAKIMA_CONTRACT_ID and MAKIMA_TASK_ID set;
a script uses a cli key from the Settings page.`,
  subcommands: [spawn, tasksSubcommand("supervisor"), tree, task, output, wait, diff, readFile, merge, resume],
};

export function runSupervisorCommand(argv: string[], deps: Deps = defaultDeps()): Promise<number> {
  return runCommand(apiGroupCommand(SUPERVISOR, deps), argv, deps.io);
}
