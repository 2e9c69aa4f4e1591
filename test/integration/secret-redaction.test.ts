import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/server/db/client";
import { createGitRepo, tempDir } from "../support/git";
import { daemonKey, startTestDaemon, startTestServer, waitFor, runTaskToEnd } from "../support/stack";

const HAS_BWRAP = fs.existsSync("/usr/bin/bwrap");

/** What the daemon (this process) hands to claude: a quote and a backslash, and a tab, make the JSON forms differ. */
const SECRETS = {
  CLAUDE_CODE_OAUTH_TOKEN: 'sk-ant-oat01-"quoted"\\back\\slash',
  ANTHROPIC_API_KEY: "sk-ant-api03-integration-test-key",
  SOME_SERVICE_TOKEN: "service\ttoken-with-a-tab",
};
const SHORT = { FOO_KEY: "abc" };

const argsDir = tempDir("makima-redaction-args-");
const argsFile = path.join(argsDir, "argv.jsonl");
const home = tempDir("makima-home-");
let server: Awaited<ReturnType<typeof startTestServer>>;
let daemon: ReturnType<typeof startTestDaemon>;
let repo: string;

// Not under /tmp, which the sandbox empties anyway: the hiding would go untested.
const serverDataDir = fs.mkdtempSync("/var/tmp/makima-data-");

beforeAll(async () => {
  Object.assign(process.env, SECRETS, SHORT, { FAKE_CLAUDE_ARGS_FILE: argsFile, HOME: home });
  server = await startTestServer({ MAKIMA_DATA_DIR: serverDataDir });
  // As under `makima start`: the daemon's folder inside the server's data folder, which the sandbox hides. The
  // fake's record of its environment is bound in, past the sandbox's fresh /tmp.
  const sandbox = {
    MAKIMA_DAEMON_BUBBLEWRAP: "1",
    MAKIMA_BUBBLEWRAP_HIDE: serverDataDir,
    MAKIMA_BUBBLEWRAP_RW_BINDS: argsDir,
  };
  daemon = startTestDaemon({
    serverUrl: server.url,
    apiKey: await daemonKey(),
    dataDir: path.join(serverDataDir, "daemon"),
    env: HAS_BWRAP ? sandbox : {},
  });
  repo = createGitRepo();
  await waitFor(async () => (await getDb().daemon.count({ where: { status: "connected" } })) === 1, 10_000, "daemon");
});

afterAll(async () => {
  for (const name of [...Object.keys(SECRETS), ...Object.keys(SHORT), "FAKE_CLAUDE_ARGS_FILE"])
    delete process.env[name];
  await daemon?.stop();
  await server?.close();
  for (const dir of [argsDir, serverDataDir]) fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(home, { recursive: true, force: true });
});

const runTask = (plan: string) => runTaskToEnd(repo, plan, { contract: "secrets", task: "Print the environment" });

/** The task's own API key, as the fake claude recorded it. */
function taskKeyOf(taskId: string): string {
  const runs = fs
    .readFileSync(argsFile, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
  return runs.find((run) => run.env.MAKIMA_TASK_ID === taskId).env.MAKIMA_API_KEY;
}

/** A value as it is, JSON-escaped once and twice. */
const formsOf = (value: string) => [
  value,
  JSON.stringify(value).slice(1, -1),
  JSON.stringify(JSON.stringify(value)).slice(1, -1),
];

describe("secrets claude is given", () => {
  it("are redacted in every stored line, plain and inside stream-json", async () => {
    const { done, output } = await runTask("scenario:env");
    expect(done.status).toBe("completed");
    const taskKey = taskKeyOf(done.id);
    expect(taskKey.length).toBeGreaterThan(20);

    const secrets = { ...SECRETS, MAKIMA_API_KEY: taskKey };
    const stored = [JSON.stringify(output), JSON.stringify(done)].join("\n");
    // Also the database file itself (and its write-ahead log): nothing anywhere.
    const files = ["makima.db", "makima.db-wal"]
      .map((file) => path.join(serverDataDir, file))
      .filter((file) => fs.existsSync(file));
    const database = files.map((file) => fs.readFileSync(file).toString("latin1")).join("\n");
    for (const [name, value] of Object.entries(secrets)) {
      for (const form of formsOf(value)) {
        expect(stored.includes(form), `${name} as ${JSON.stringify(form)}`).toBe(false);
        expect(database.includes(Buffer.from(form).toString("latin1")), `${name} in the database file`).toBe(false);
      }
    }

    const lines = output.map((entry) => entry.line);
    for (const name of Object.keys(secrets)) expect(lines).toContain(`${name}=[redacted ${name}]`);
    expect(lines).toContain("FOO_KEY=abc");
    const stderr = output.find((entry) => entry.stream === "stderr")!.line;
    expect(stderr).toContain("CLAUDE_CODE_OAUTH_TOKEN=[redacted CLAUDE_CODE_OAUTH_TOKEN] ");
    // The tool's result is still a valid stream-json line, the redactions inside its text.
    const toolResult = output.find((entry) => entry.jsonType === "user")!;
    const printed = JSON.parse(toolResult.line).message.content[0].content.split("\n");
    for (const name of Object.keys(secrets)) expect(printed).toContain(`${name}=[redacted ${name}]`);
    expect(printed).toContain("FOO_KEY=abc");
  });

  it.skipIf(!HAS_BWRAP)("cannot read the server's data folder from the sandbox", async () => {
    const { done, output } = await runTask(
      `scenario:shell\nrun ls -A ${serverDataDir}\nrun cat ${path.join(serverDataDir, "makima.db")}`,
    );
    expect(done.status).toBe("completed");
    const results = output
      .filter((entry) => entry.jsonType === "user")
      .map((entry) => JSON.parse(entry.line).message.content[0]);
    // Only the daemon's own folder, bound back over the emptied data folder; no database.
    expect(results[0]).toMatchObject({ content: "daemon\n", is_error: false });
    expect(results[1]).toMatchObject({ content: expect.stringContaining("No such file or directory"), is_error: true });
  });
});
