import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/server/db/client";
import { createGitRepo, git, tempDir } from "../../test/support/git";
import { daemonKey, startTestDaemon, startTestServer, waitFor, runTaskToEnd } from "../../test/support/stack";

const HAS_BWRAP = fs.existsSync("/usr/bin/bwrap");

describe.skipIf(!HAS_BWRAP)("a task on a daemon with --bubblewrap", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let daemon: ReturnType<typeof startTestDaemon>;
  let repo: string;
  const home = tempDir("makima-home-");

  beforeAll(async () => {
    // The sandbox binds (and creates) ~/.claude: keep the real home out of it.
    process.env.HOME = home;
    server = await startTestServer();
    daemon = startTestDaemon({
      serverUrl: server.url,
      apiKey: await daemonKey(),
      env: { MAKIMA_DAEMON_BUBBLEWRAP: "1" },
    });
    repo = createGitRepo();
    await waitFor(async () => (await getDb().daemon.count({ where: { status: "connected" } })) === 1, 10_000, "daemon");
  });

  afterAll(async () => {
    await daemon?.stop();
    await server?.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  async function runTask(plan: string) {
    const { done, output } = await runTaskToEnd(repo, plan, { contract: "c", task: "Sandboxed edit" });
    return { done, lines: output.map((entry) => entry.line) };
  }

  it("lets claude write and commit in its worktree", async () => {
    const { done, lines } = await runTask("scenario:edit\nwrite notes.txt from the sandbox\ncommit Add notes");
    expect(done.status).toBe("completed");
    expect(lines).toContain("Claude runs in a bubblewrap sandbox");
    expect(git(repo, "log", "-1", "--format=%s", done.branch!)).toBe("Add notes");
    expect(git(repo, "show", `${done.branch}:notes.txt`)).toBe("from the sandbox");
    expect(fs.existsSync(path.join(home, ".claude"))).toBe(true);
  });

  it("gives claude the makima command inside the sandbox", async () => {
    const { done, lines } = await runTask("scenario:shell\nrun makima supervisor --help");
    expect(done.status).toBe("completed");
    expect(lines.some((line) => line.includes("Usage: makima supervisor <subcommand>"))).toBe(true);
  });

  it("keeps the repository's main checkout read-only", async () => {
    const readme = path.relative(path.join(daemon.dataDir, "worktrees", "task"), path.join(repo, "README.md"));
    const { done, lines } = await runTask(`scenario:edit\nwrite ${readme} overwritten`);
    expect(done.status).toBe("failed");
    expect(lines.some((line) => line.includes("EROFS: read-only file system"))).toBe(true);
    expect(fs.readFileSync(path.join(repo, "README.md"), "utf8")).toBe("# test repository\n");
  });
});
