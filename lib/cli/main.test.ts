import { describe, expect, it } from "vitest";
import { main } from "./main";
import { fakeDeps } from "./test-fixtures";

/** Runs `makima …` with deps that make no request and record the output. */
async function makima(argv: string[]) {
  const { deps, recorded } = fakeDeps(() => new Error("no request expected"));
  const code = await main(argv, deps);
  return { code, ...recorded };
}

describe("makima", () => {
  it.each([[[]], [["help"]], [["--help"]], [["-h"]]])("%j prints the commands", async (argv) => {
    const { code, stdout, stderr } = await makima(argv);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^makima — run Claude Code agents on your own machines\n\nUsage:\n {2}makima start /);
    expect(stderr).toBe("");
  });

  it("exits 2 on an unknown command, with the usage", async () => {
    const { code, stdout, stderr } = await makima(["launch"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^makima: unknown command "launch"\n\nmakima — run Claude Code agents/);
  });
});

describe("makima daemon and makima user: commander's help and usage errors", () => {
  it("shows each one's options, without starting anything", async () => {
    const daemon = await makima(["daemon", "--help"]);
    expect(daemon.code).toBe(0);
    expect(daemon.stdout).toMatch(/^Usage: makima daemon \[options\]\n/);
    expect(daemon.stdout).toMatch(/\n {2}--max-tasks N +most tasks run at once \[MAKIMA_MAX_TASKS\]/);
    expect(daemon.stdout).toMatch(/--bubblewrap[\s\S]*MAKIMA_BUBBLEWRAP_RO_BINDS/);

    const user = await makima(["user", "help", "add"]);
    expect(user.code).toBe(0);
    expect(user.stdout).toMatch(/^Usage: makima user add \[options\] <email>\n[\s\S]*--role ROLE/);
  });

  it.each([
    [["daemon", "--max-tasks"], /^makima daemon: option '--max-tasks <N>' argument missing\nUsage: makima daemon/],
    [["daemon", "extra"], /^makima daemon: too many arguments for 'daemon'/],
    [["user"], /^makima user: a subcommand is required\n\nUsage: makima user <subcommand>[\s\S]*\nRoles:\n/],
    [["user", "add", "ada@example.com"], /^makima user add: required option '--role <ROLE>' not specified\n/],
    [["user", "list", "--all"], /^makima user list: unknown option '--all'\nUsage: makima user list \[options\]\n/],
  ])("%j exits 2", async (argv, message) => {
    const { code, stdout, stderr } = await makima(argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe("");
  });
});
