import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/server/db/client";
import { createApiKey, createTaskApiKey } from "../../lib/server/api-keys/api-key-store";
import { createTestUser } from "../support/auth";
import { createGitRepo, git, tempDir } from "../support/git";
import { FAKE_CLAUDE_COMMAND, waitFor } from "../support/stack";

/**
 * `makima supervisor` and `makima contract` as a person or a supervisor runs them: child processes against a running
 * `makima start` (server, Next.js route handlers and a local daemon with the fake claude).
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
const MAKIMA = path.join(ROOT, "bin/makima.mjs");

let server: ChildProcess;
let url: string;
let repo: string;
let contractId: string;
let otherContractId: string;
let cliKey: string;
/** The member the cli key acts as; the tasks made here through Prisma are theirs too, so their keys act as them. */
let memberId: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `makima …` with the cli key and the contract in its environment (overridable); resolves when it exits. */
function makima(args: string[], env: Record<string, string | undefined> = {}, input?: string): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  // Nothing of the environment running the tests (a Makima task's, say) may leak into the command.
  for (const name of Object.keys(childEnv)) if (name.startsWith("MAKIMA_")) delete childEnv[name];
  // An undefined value leaves the variable unset.
  Object.assign(childEnv, { MAKIMA_API_URL: url, MAKIMA_API_KEY: cliKey, MAKIMA_CONTRACT_ID: contractId }, env);
  const child = spawn(process.execPath, [MAKIMA, ...args], {
    cwd: ROOT,
    env: childEnv,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const run: Run = { code: null, stdout: "", stderr: "" };
  child.stdout.on("data", (chunk) => (run.stdout += chunk));
  child.stderr.on("data", (chunk) => (run.stderr += chunk));
  child.stdin.end(input ?? "");
  return new Promise((resolve) => child.on("close", (code) => resolve({ ...run, code })));
}

/** `makima supervisor spawn … --json`: the new task's id. */
async function spawnTask(name: string, plan: string, env: Record<string, string> = {}): Promise<string> {
  const run = await makima(["supervisor", "spawn", name, plan, "--json"], env);
  expect(run, run.stderr).toMatchObject({ code: 0 });
  return JSON.parse(run.stdout).task.id;
}

/** A port nothing listens on: one the system just handed out and that was closed again. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const editPlan = (file: string, text: string) => `scenario:edit\nwrite ${file} ${text}\ncommit Add ${file}`;

beforeAll(async () => {
  expect(fs.existsSync(path.join(ROOT, ".next/BUILD_ID")), "run `next build` first (npm test does)").toBe(true);
  const dataDir = tempDir("makima-cli-");
  server = spawn(process.execPath, [MAKIMA, "start", "--port", "0"], {
    cwd: ROOT,
    env: { ...process.env, MAKIMA_DATA_DIR: dataDir, MAKIMA_CLAUDE_COMMAND: FAKE_CLAUDE_COMMAND, DATABASE_URL: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  server.stdout!.on("data", (chunk) => (log += chunk));
  server.stderr!.on("data", (chunk) => (log += chunk));
  url = await waitFor(() => log.match(/Makima is running at (http:\/\/\S+)/)?.[1], 60_000, "the server");

  // The server has migrated the file: this process opens it too, for what only the dashboard makes.
  process.env.DATABASE_URL = `file:${path.join(dataDir, "makima.db")}`;
  const db = getDb();
  repo = createGitRepo();
  contractId = (
    await db.contract.create({ data: { name: "CLI contract", repository: repo, description: "Exercise the CLI" } })
  ).id;
  otherContractId = (await db.contract.create({ data: { name: "Another contract", repository: createGitRepo() } })).id;
  memberId = (await createTestUser("member")).id;
  cliKey = (await createApiKey(db, { name: "cli test", scope: "cli", userId: memberId })).key;
  await waitFor(
    async () => (await db.daemon.count({ where: { status: "connected" } })) === 1,
    30_000,
    "the local daemon",
  );
});

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
  await getDb().$disconnect();
  delete process.env.DATABASE_URL;
});

const SUBCOMMANDS = {
  supervisor: ["spawn", "tasks", "tree", "task", "output", "wait", "diff", "read-file", "merge"],
  contract: ["show", "status", "tasks", "report", "complete"],
};

describe("makima supervisor and makima contract: usage", () => {
  it("has --help for every command and subcommand", async () => {
    const top = await makima(["--help"]);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/makima supervisor/);
    expect(top.stdout).toMatch(/makima contract/);
    expect(top.stdout).toMatch(/makima start/);
    expect(top.stdout).toMatch(/--bubblewrap/);

    const groups = Object.entries(SUBCOMMANDS);
    const [groupHelps, subHelps] = await Promise.all([
      Promise.all(groups.map(([group]) => makima([group, "--help"]))),
      Promise.all(
        groups.flatMap(([group, subs]) =>
          subs.map((sub) => makima([group, sub, "--help"], { MAKIMA_API_KEY: undefined })),
        ),
      ),
    ]);
    groups.forEach(([group, subs], index) => {
      expect(groupHelps[index].code).toBe(0);
      for (const sub of subs) expect(groupHelps[index].stdout).toContain(`  ${sub}`);
      expect(groupHelps[index].stdout).toContain(`makima ${group} <subcommand>`);
    });
    const names = groups.flatMap(([group, subs]) => subs.map((sub) => `makima ${group} ${sub}`));
    subHelps.forEach((help, index) => {
      expect(help, names[index]).toMatchObject({ code: 0, stderr: "" });
      expect(help.stdout).toContain(`Usage: ${names[index]} [options]`);
      expect(help.stdout).toContain("MAKIMA_API_KEY");
    });
    expect(subHelps[names.indexOf("makima supervisor spawn")].stdout).toMatch(/--parent ID[\s\S]*MAKIMA_TASK_ID/);
    expect(subHelps[names.indexOf("makima supervisor wait")].stdout).toMatch(/124/);
  });

  it("exits 2 with the usage on a usage error", async () => {
    const runs = await Promise.all([
      makima(["supervisor", "launch"]),
      makima(["supervisor"]),
      makima(["supervisor", "task"]),
      makima(["supervisor", "tasks", "--bogus"]),
      makima(["supervisor", "wait", "some-id", "soon"]),
      makima(["contract", "show"], { MAKIMA_API_KEY: "" }),
      makima(["contract", "show"], { MAKIMA_CONTRACT_ID: undefined }),
    ]);
    for (const run of runs) expect(run.code, run.stderr).toBe(2);
    const [unknown, none, missing, flag, timeout, noKey, noContract] = runs.map((run) => run.stderr);
    expect(unknown).toMatch(/^makima supervisor: unknown subcommand "launch"[\s\S]*Subcommands:/);
    expect(none).toMatch(/a subcommand is required/);
    expect(missing).toMatch(
      /^makima supervisor task: missing required argument 'id'\nUsage: makima supervisor task \[options\] <id>/,
    );
    expect(flag).toMatch(/^makima supervisor tasks: unknown option '--bogus'/);
    expect(timeout).toMatch(/the timeout must be a number of seconds/);
    expect(noKey).toMatch(/^makima contract show: an API key is required: set MAKIMA_API_KEY or pass --api-key/);
    expect(noContract).toMatch(/a contract is required: set MAKIMA_CONTRACT_ID or pass --contract/);
  });

  it("says what the server answered when it refuses, and when it cannot be reached", async () => {
    const supervisor = await getDb().task.create({
      data: { contractId, name: "Key holder", plan: "p", status: "completed", createdById: memberId },
    });
    const taskKey = await createTaskApiKey(getDb(), supervisor);
    const [unknown, wrongKey, foreign, flagsWin, unreachable] = await Promise.all([
      makima(["supervisor", "task", "no-such-task"]),
      makima(["supervisor", "tasks"], { MAKIMA_API_KEY: "mk_wrong" }),
      makima(["contract", "show", "--contract", otherContractId], { MAKIMA_API_KEY: taskKey }),
      makima(["contract", "show", "--api-key", cliKey, "--contract", otherContractId], { MAKIMA_API_KEY: "mk_wrong" }),
      makima(["supervisor", "tasks", "--api-url", `http://127.0.0.1:${await closedPort()}`]),
    ]);
    expect(unknown).toMatchObject({
      code: 1,
      stdout: "",
      stderr: "makima supervisor task: This task does not exist (it may have been deleted).\n",
    });
    expect(wrongKey).toMatchObject({
      code: 1,
      stderr: "makima supervisor tasks: This API key is not valid for the API\n",
    });
    expect(foreign).toMatchObject({
      code: 1,
      stderr: "makima contract show: This task's API key belongs to another contract\n",
    });
    expect(flagsWin).toMatchObject({ code: 0, stdout: expect.stringContaining("Another contract") });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(
      /^makima supervisor tasks: cannot reach the Makima server at http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/,
    );
  });

  it("names the unknown id for every command that takes one", async () => {
    const taskGone = "This task does not exist (it may have been deleted).";
    const contractGone = "This contract does not exist (it may have been deleted).";
    const cases: Array<[string[], string]> = [
      [["supervisor", "task", "no-such-task"], taskGone],
      [["supervisor", "output", "no-such-task"], taskGone],
      [["supervisor", "output", "no-such-task", "--follow"], taskGone],
      [["supervisor", "wait", "no-such-task", "5"], taskGone],
      [["supervisor", "diff", "no-such-task"], taskGone],
      [["supervisor", "read-file", "no-such-task", "README.md"], taskGone],
      [["supervisor", "merge", "no-such-task"], taskGone],
      [["supervisor", "spawn", "x", "y", "--contract", "no-such-contract"], contractGone],
      [["supervisor", "tasks", "--contract", "no-such-contract"], contractGone],
      [["supervisor", "tree", "--contract", "no-such-contract"], contractGone],
      [["contract", "show", "--contract", "no-such-contract"], contractGone],
      [["contract", "status", "--contract", "no-such-contract"], contractGone],
      [["contract", "tasks", "--contract", "no-such-contract"], contractGone],
      [["contract", "report", "progress", "--contract", "no-such-contract"], contractGone],
      [["contract", "complete", "--contract", "no-such-contract"], contractGone],
      [
        ["supervisor", "spawn", "x", "y", "--parent", "no-such-task"],
        "The parent task does not exist in this contract.",
      ],
    ];
    const runs = await Promise.all(cases.map(([args]) => makima(args)));
    runs.forEach((run, i) => {
      const [args, message] = cases[i];
      expect(run, args.join(" ")).toMatchObject({
        code: 1,
        stdout: "",
        stderr: `makima ${args[0]} ${args[1]}: ${message}\n`,
      });
    });
  });
});

describe("makima supervisor", () => {
  it("spawns, waits for, shows and prints the output of a task", async () => {
    const spawned = await makima([
      "supervisor",
      "spawn",
      "Write notes",
      editPlan("notes/cli.txt", "hello from the cli"),
    ]);
    expect(spawned.code, spawned.stderr).toBe(0);
    const id = spawned.stdout.match(/^Spawned (\S+): Write notes \(pending\)\n$/)?.[1];
    expect(id, spawned.stdout).toBeTruthy();

    const waited = await makima(["supervisor", "wait", id!, "60"]);
    expect(waited).toMatchObject({ code: 0, stdout: `${id} completed\n` });

    const [task, taskJson, output, outputJson, followed] = await Promise.all([
      makima(["supervisor", "task", id!]),
      makima(["supervisor", "task", id!, "--json"]),
      makima(["supervisor", "output", id!]),
      makima(["supervisor", "output", id!, "--json"]),
      makima(["supervisor", "output", id!, "--follow"]),
    ]);
    expect(task.code).toBe(0);
    expect(task.stdout).toMatch(/^id: +\S+\nname: +Write notes\nstatus: +completed\n/);
    expect(task.stdout).toMatch(/\nbranch: +makima\/\S+-write-notes\n/);
    expect(task.stdout).toMatch(/\nparent: +-\n/);
    expect(task.stdout).toMatch(/\nplan:\n  scenario:edit\n  write notes\/cli.txt hello from the cli\n/);
    expect(JSON.parse(taskJson.stdout).task).toMatchObject({
      id,
      name: "Write notes",
      status: "completed",
      contractId,
    });

    expect(output.code).toBe(0);
    expect(output.stdout).toContain("● Session started · claude-fake-1");
    expect(output.stdout).toMatch(/⏺ Write\(.*notes\/cli\.txt\)\n  ⎿  /);
    expect(output.stdout).toMatch(/⏺ Bash\(git add -A && git commit -m "Add notes\/cli.txt"\)/);
    expect(output.stdout).toMatch(/\nThe edits are done\.\n✓ Done · \$\d+\.\d{4} · \d+ turns?/);
    expect(followed.stdout).toBe(output.stdout);

    const lines = outputJson.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.length).toBeGreaterThan(3);
    expect(Object.keys(lines[0]).sort()).toEqual(["createdAt", "jsonType", "line", "seq", "stream"]);
    expect(lines.map((line) => line.seq)).toEqual(lines.map((_, index) => index + 1));
    expect(lines.at(-1)).toMatchObject({ stream: "stdout", jsonType: "result" });
  });

  it("follows a running task's output to its end, each line once", async () => {
    const id = await spawnTask("Slow", "scenario:slow");
    const followed = await makima(["supervisor", "output", id, "--follow"]);
    expect(followed.code, followed.stderr).toBe(0);
    const numbered = followed.stdout.split("\n").filter((line) => /^line \d+$/.test(line));
    expect(numbered).toEqual(Array.from({ length: 400 }, (_, index) => `line ${index + 1}`));
    expect(followed.stdout).toMatch(/✓ Done[^\n]*\n$/);
  });

  it("exits 1 when the task fails and 124 when the timeout passes first", async () => {
    const [failing, hanging] = await Promise.all([
      spawnTask("Fails", "scenario:fail"),
      spawnTask("Hangs", "scenario:hang"),
    ]);
    const [failed, timedOut, timedOutJson] = await Promise.all([
      makima(["supervisor", "wait", failing, "60"]),
      makima(["supervisor", "wait", hanging, "1"]),
      makima(["supervisor", "wait", hanging, "0.5", "--json"]),
    ]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(new RegExp(`^${failing} failed`));
    expect(timedOut.code).toBe(124);
    expect(timedOut.stderr).toMatch(
      new RegExp(`^makima supervisor wait: timed out after 1 s: ${hanging} is still (pending|starting|running)\n$`),
    );
    expect(timedOutJson.code).toBe(124);
    expect(JSON.parse(timedOutJson.stdout).task.id).toBe(hanging);

    const output = await makima(["supervisor", "output", failing]);
    expect(output.stdout).toContain("stderr: fatal: something went wrong");
  });

  it("lists the contract's tasks as a table and as a tree of supervisors and subtasks", async () => {
    const supervisor = await getDb().task.create({
      data: {
        contractId,
        name: "Boss",
        plan: "orchestrate",
        status: "completed",
        isSupervisor: true,
        createdById: memberId,
      },
    });
    const childId = await spawnTask("Helper", "scenario:text", { MAKIMA_TASK_ID: supervisor.id });
    const explicit = await makima(
      ["supervisor", "spawn", "Piped plan", "-", "--parent", childId, "--json"],
      { MAKIMA_TASK_ID: supervisor.id },
      "scenario:text\nfrom stdin",
    );
    const grandchild = JSON.parse(explicit.stdout).task;
    expect(grandchild).toMatchObject({ parentTaskId: childId, plan: "scenario:text\nfrom stdin", depth: 2 });

    const [tasks, tasksJson, tree, treeJson, contractTasks, contractTasksJson] = await Promise.all([
      makima(["supervisor", "tasks"]),
      makima(["supervisor", "tasks", "--json"]),
      makima(["supervisor", "tree"]),
      makima(["supervisor", "tree", "--json"]),
      makima(["contract", "tasks"]),
      makima(["contract", "tasks", "--json"]),
    ]);
    for (const table of [tasks.stdout, contractTasks.stdout]) {
      expect(table).toMatch(/^ID +STATUS +NAME +BRANCH\n/);
      expect(table).toMatch(new RegExp(`\\n${supervisor.id} +completed +Boss \\[supervisor\\] +-\\n`));
      expect(table).toMatch(new RegExp(`\\n${childId} +\\w+ +Helper +(-|makima/\\S+-helper)\\n`));
    }
    const listed = JSON.parse(tasksJson.stdout).tasks as { id: string; parentTaskId: string | null }[];
    expect(listed.find((task) => task.id === childId)?.parentTaskId).toBe(supervisor.id);
    // The same tasks, whichever command lists them (their status may have moved on in between).
    const ids = (run: { stdout: string }) => JSON.parse(run.stdout).tasks.map((task: { id: string }) => task.id);
    expect(ids(treeJson)).toEqual(ids(tasksJson));
    expect(ids(contractTasksJson)).toEqual(ids(tasksJson));

    expect(tree.code).toBe(0);
    expect(tree.stdout).toMatch(
      new RegExp(
        `\\nBoss \\[supervisor\\]  completed  ${supervisor.id}\\n└─ Helper  \\w+  ${childId}\\n   └─ Piped plan  \\w+  ${grandchild.id}\\n`,
      ),
    );
    expect(tree.stdout).toMatch(/^Key holder  completed  \S+\n/m);
  });

  it("shows a task's diff and files, and merges it, squashed or not, refusing a conflict", async () => {
    git(repo, "branch", "integration");
    const [first, second, ours, theirs] = await Promise.all([
      spawnTask("Merge me", editPlan("merged.txt", "merged by the cli")),
      spawnTask("Squash me", editPlan("squashed.txt", "squashed by the cli")),
      spawnTask("Ours", editPlan("conflict.txt", "ours")),
      spawnTask("Theirs", editPlan("conflict.txt", "theirs")),
    ]);
    const waits = await Promise.all(
      [first, second, ours, theirs].map((id) => makima(["supervisor", "wait", id, "60"])),
    );
    for (const run of waits) expect(run.code, run.stdout + run.stderr).toBe(0);

    const [diff, diffJson, file, fileJson, missingFile] = await Promise.all([
      makima(["supervisor", "diff", first]),
      makima(["supervisor", "diff", first, "--json"]),
      makima(["supervisor", "read-file", first, "merged.txt"]),
      makima(["supervisor", "read-file", first, "merged.txt", "--json"]),
      makima(["supervisor", "read-file", first, "no-such-file.txt"]),
    ]);
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).toMatch(/^makima\/\S+-merge-me against main at [0-9a-f]{7}, from the worktree/);
    expect(diff.stdout).toMatch(
      /\n {2}A +merged\.txt +\+1 -0\n1 file changed, 1 insertion\(\+\), 0 deletions\(-\)\n\ndiff --git a\/merged\.txt b\/merged\.txt\n/,
    );
    expect(diff.stdout).toContain("+merged by the cli\n");
    expect(JSON.parse(diffJson.stdout).diff).toMatchObject({
      baseBranch: "main",
      files: [{ path: "merged.txt", status: "added", additions: 1 }],
    });
    expect(file).toMatchObject({ code: 0, stdout: "merged by the cli\n", stderr: "" });
    expect(JSON.parse(fileJson.stdout).file).toMatchObject({
      path: "merged.txt",
      binary: false,
      truncated: false,
      content: "merged by the cli\n",
    });
    expect(missingFile.code).toBe(1);
    expect(missingFile.stderr).toMatch(/^makima supervisor read-file: .+\n$/);

    const merged = await makima(["supervisor", "merge", first]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toMatch(/^Merged into main \(merge commit [0-9a-f]{12}\): Merged makima\/\S+ into main/);
    expect(git(repo, "show", "main:merged.txt")).toBe("merged by the cli");
    expect(fs.readFileSync(path.join(repo, "merged.txt"), "utf8")).toBe("merged by the cli\n");
    const again = await makima(["supervisor", "merge", first]);
    expect(again).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Nothing merged into main: Nothing to merge/),
    });

    const squashed = await makima(["supervisor", "merge", second, "--to", "integration", "--squash", "--json"]);
    expect(squashed.code, squashed.stderr).toBe(0);
    expect(JSON.parse(squashed.stdout).merge).toMatchObject({
      outcome: "merged",
      targetBranch: "integration",
      squash: true,
    });
    expect(git(repo, "show", "integration:squashed.txt")).toBe("squashed by the cli");
    expect(git(repo, "rev-list", "--parents", "-n", "1", "integration").split(" ")).toHaveLength(2);

    expect((await makima(["supervisor", "merge", ours])).code).toBe(0);
    const conflict = await makima(["supervisor", "merge", theirs]);
    expect(conflict.code).toBe(1);
    expect(conflict.stdout).toBe("");
    expect(conflict.stderr).toMatch(
      /^makima supervisor merge: Merge conflict in 1 file\(s\): conflict\.txt; main left unchanged\nConflicting files:\n {2}conflict\.txt\n$/,
    );
    expect(git(repo, "show", "main:conflict.txt")).toBe("ours");
  });
});

describe("makima contract", () => {
  it("shows the contract, takes progress reports and shows them in its status", async () => {
    const [show, showJson, before] = await Promise.all([
      makima(["contract", "show"]),
      makima(["contract", "show", "--json"]),
      makima(["contract", "status"]),
    ]);
    expect(show.stdout).toMatch(
      new RegExp(`^id: +${contractId}\\nname: +CLI contract\\nstatus: +active\\nrepository: +${repo}\\n`),
    );
    expect(show.stdout).toMatch(/\ndescription:\n {2}Exercise the CLI\n$/);
    expect(JSON.parse(showJson.stdout).contract).toMatchObject({
      id: contractId,
      status: "active",
      baseBranch: "main",
    });
    expect(before.stdout).toMatch(
      new RegExp(`^CLI contract \\(${contractId}\\): active\\nTasks: \\d+ \\(\\d+ active, \\d+ finished\\)\\n`),
    );
    expect(before.stdout).toMatch(/\n {2}completed: \d+\n/);
    expect(before.stdout).toMatch(/\nLatest report: none\n$/);

    const reported = await makima(["contract", "report", "Two of three subtasks merged"]);
    expect(reported).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(new RegExp(`^Reported progress on contract ${contractId} \\(`)),
    });
    const after = await makima(["contract", "status"]);
    expect(after.stdout).toMatch(/\nLatest report \(\S+\):\n {2}Two of three subtasks merged\n$/);

    const signer = await getDb().task.create({
      data: { contractId, name: "Reporter", plan: "p", status: "completed", isSupervisor: true, createdById: memberId },
    });
    const taskKey = await createTaskApiKey(getDb(), signer);
    const signed = await makima(
      ["contract", "report", "-", "--json"],
      { MAKIMA_API_KEY: taskKey },
      "All merged\nready to complete",
    );
    expect(JSON.parse(signed.stdout).report).toMatchObject({
      contractId,
      taskId: signer.id,
      progress: "All merged\nready to complete",
    });
    const status = JSON.parse((await makima(["contract", "status", "--json"])).stdout);
    expect(status.latestReport).toMatchObject({ progress: "All merged\nready to complete", taskId: signer.id });
    expect(status.tasks.total).toBe(
      Object.values(status.tasks.byStatus as Record<string, number>).reduce((a, b) => a + b, 0),
    );
  });

  it("completes the contract, which then takes no new task", async () => {
    const completed = await makima(["contract", "complete"]);
    expect(completed.code, completed.stderr).toBe(0);
    expect(completed.stdout).toBe(
      `Contract CLI contract (${contractId}) is completed; its tasks' worktrees will be cleaned up (branches are kept).\n`,
    );
    const [show, again, spawned] = await Promise.all([
      makima(["contract", "show"]),
      makima(["contract", "complete", "--json"]),
      makima(["supervisor", "spawn", "Too late", "scenario:text"]),
    ]);
    expect(show.stdout).toMatch(/\nstatus: +completed\n/);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).contract.status).toBe("completed");
    expect(spawned).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^makima supervisor spawn: This contract is completed/),
    });
  });
});
