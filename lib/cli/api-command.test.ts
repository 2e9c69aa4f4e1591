import type { Env } from "./api-client";
import { describe, expect, it } from "vitest";
import type { CommandGroup } from "./api-command";
import { CONTRACT, runContractCommand } from "./contract-command";
import { runSupervisorCommand, SUPERVISOR } from "./supervisor-command";
import { apiTask, fakeDeps } from "./test-fixtures";

const groups: CommandGroup[] = [SUPERVISOR, CONTRACT];

/** Runs a command whose requests all answer `{ task }`. */
async function run(argv: string[], env?: Env) {
  const { deps, recorded } = fakeDeps(() => ({ json: { task: apiTask(), tasks: [] } }), env ? { env } : {});
  const code = await (argv[0] === "contract" ? runContractCommand : runSupervisorCommand)(argv.slice(1), deps);
  return { code, ...recorded };
}

describe("help", () => {
  it("lists each group's subcommands", async () => {
    for (const group of groups) {
      const { code, stdout } = await run([group.name, "--help"]);
      expect(code).toBe(0);
      expect(stdout).toContain(`Usage: makima ${group.name} <subcommand> [options]`);
      for (const sub of group.subcommands)
        expect(stdout).toMatch(new RegExp(`\\n  ${sub.name}\\b.* {2}${sub.summary.replace(/[()+|]/g, "\\$&")}\\n`));
    }
  });

  it("shows each subcommand's usage, arguments, options and environment, without needing a key", async () => {
    for (const group of groups) {
      for (const sub of group.subcommands) {
        for (const argv of [
          [group.name, sub.name, "--help"],
          [group.name, sub.name, "-h"],
          [group.name, "help", sub.name],
        ]) {
          const { code, stdout, requests } = await run(argv, {});
          expect(code, argv.join(" ")).toBe(0);
          expect(stdout).toMatch(new RegExp(`^Usage: makima ${group.name} ${sub.name} \\[options\\]`));
          expect(stdout).toMatch(/\nOptions:\n[\s\S]*--json[\s\S]*--api-key KEY[\s\S]*-h, --help/);
          expect(stdout).toMatch(/\nEnvironment \(flags win over variables\):\n {2}MAKIMA_API_URL/);
          if (sub.needsContract) expect(stdout).toMatch(/--contract ID[\s\S]*MAKIMA_CONTRACT_ID/);
          else expect(stdout).not.toContain("--contract");
          for (const arg of sub.args ?? [])
            expect(stdout).toMatch(new RegExp(`\\nArguments:\\n(.*\\n)*? {2}${arg.name} `));
          expect(requests).toEqual([]);
        }
      }
    }
  });
});

describe("usage errors exit 2 with the usage, before any request", () => {
  it.each([
    [["supervisor"], /^makima supervisor: a subcommand is required\n\nUsage: makima supervisor <subcommand>/],
    [["supervisor", "launch"], /^makima supervisor: unknown subcommand "launch"\n/],
    [["contract", "delete"], /^makima contract: unknown subcommand "delete"\n/],
    [
      ["supervisor", "task"],
      /^makima supervisor task: missing required argument 'id'\nUsage: makima supervisor task \[options\] <id>\nRun "makima supervisor task --help" for more\.\n$/,
    ],
    [["supervisor", "spawn", "name only"], /^makima supervisor spawn: missing required argument 'plan'\n/],
    [["supervisor", "read-file", "t1"], /^makima supervisor read-file: missing required argument 'path'\n/],
    [
      ["supervisor", "task", "t1", "t2"],
      /^makima supervisor task: too many arguments for 'task'\. Expected 1 argument but got 2\.\n/,
    ],
    [["supervisor", "tasks", "--bogus"], /^makima supervisor tasks: unknown option '--bogus'/],
    [["supervisor", "task", "t1", "--contract", "c"], /^makima supervisor task: unknown option '--contract'/],
    [["supervisor", "merge", "t1", "--to"], /^makima supervisor merge: option '--to <BRANCH>' argument missing/],
    [["supervisor", "output", "t1", "--follow=yes"], /^makima supervisor output: unknown option '--follow=yes'/],
    [
      ["supervisor", "wait", "t1", "10s"],
      /^makima supervisor wait: the timeout must be a number of seconds \(got "10s"\)\n/,
    ],
    [["contract", "report"], /^makima contract report: missing required argument 'progress'\n/],
  ])("%j", async (argv, message) => {
    const { code, stderr, stdout, requests } = await run(argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe("");
    expect(requests).toEqual([]);
  });

  it("when the key, the contract or a usable URL is missing", async () => {
    expect(await run(["supervisor", "task", "t1"], {})).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(
        /^makima supervisor task: an API key is required: set MAKIMA_API_KEY or pass --api-key/,
      ),
    });
    expect(await run(["contract", "show"], { MAKIMA_API_KEY: "k" })).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/a contract is required: set MAKIMA_CONTRACT_ID or pass --contract <id>/),
    });
    expect(
      await run(["supervisor", "task", "t1", "--api-url", "localhost:3000"], { MAKIMA_API_KEY: "k" }),
    ).toMatchObject({ code: 2 });
  });
});

describe("running a subcommand", () => {
  it("uses the flags over the environment", async () => {
    const { code, requests } = await run(
      ["supervisor", "tasks", "--api-url", "http://flag:1", "--api-key", "mk_flag", "--contract", "c-flag"],
      {
        MAKIMA_API_URL: "http://env:2",
        MAKIMA_API_KEY: "mk_env",
        MAKIMA_CONTRACT_ID: "c-env",
      },
    );
    expect(code).toBe(0);
    expect(requests).toMatchObject([
      {
        method: "GET",
        url: "http://flag:1/api/v1/contracts/c-flag/tasks",
        headers: { authorization: "Bearer mk_flag" },
      },
    ]);
  });

  it("exits 1 with the API's message, prefixed with the command", async () => {
    const { deps, recorded } = fakeDeps(() => ({
      status: 404,
      json: { error: "This task does not exist (it may have been deleted)." },
    }));
    expect(await runSupervisorCommand(["task", "nope"], deps)).toBe(1);
    expect(recorded.stderr).toBe("makima supervisor task: This task does not exist (it may have been deleted).\n");
    expect(recorded.stdout).toBe("");
  });

  it("exits 1 when the server cannot be reached", async () => {
    const { deps, recorded } = fakeDeps(
      () => new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:3000") }),
    );
    expect(await runContractCommand(["status"], deps)).toBe(1);
    expect(recorded.stderr).toBe(
      "makima contract status: cannot reach the Makima server at http://127.0.0.1:3000: connect ECONNREFUSED 127.0.0.1:3000\n",
    );
  });
});
