import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/server/db/client";
import { getRuntime } from "../../lib/server/runtime";
import { createGitRepo, git } from "../support/git";
import { daemonKey, startTestDaemon, startTestServer, waitFor, taskEnded } from "../support/stack";

let server: Awaited<ReturnType<typeof startTestServer>>;
let daemon: ReturnType<typeof startTestDaemon>;
let repo: string;

beforeAll(async () => {
  server = await startTestServer();
  daemon = startTestDaemon({ serverUrl: server.url, apiKey: await daemonKey() });
  repo = createGitRepo();
  await waitFor(async () => (await getDb().daemon.count({ where: { status: "connected" } })) === 1, 10_000, "daemon");
});

afterAll(async () => {
  await daemon?.stop();
  await server?.close();
});

async function startTask(plan: string, repository = repo) {
  const db = getDb();
  const contract = await db.contract.create({ data: { name: "c", repository } });
  const task = await db.task.create({ data: { contractId: contract.id, name: "Fix the login bug", plan } });
  await getRuntime().scheduleTasks();
  return task;
}

const finished = (taskId: string) => taskEnded(taskId);

async function storedLines(taskId: string) {
  return getDb().taskOutput.findMany({ where: { taskId }, orderBy: { seq: "asc" } });
}

describe("a task on a real daemon with the fake claude", () => {
  it("runs in a new worktree on a makima/ branch and stores every line in order", async () => {
    const task = await startTask("scenario:text please list the files");
    const done = await finished(task.id);
    expect(done.status).toBe("completed");
    expect(done.error).toBeNull();
    expect(done.branch).toMatch(/^makima\/[0-9a-f]{8}-fix-the-login-bug$/);
    expect(fs.existsSync(done.worktreePath!)).toBe(true);
    expect(git(repo, "worktree", "list")).toContain(done.worktreePath!);
    expect(git(done.worktreePath!, "rev-parse", "--abbrev-ref", "HEAD")).toBe(done.branch);

    const lines = await storedLines(task.id);
    expect(lines.map((l) => l.seq)).toEqual(lines.map((_, i) => i + 1));
    const types = lines.filter((l) => l.stream === "stdout").map((l) => l.jsonType);
    expect(types[0]).toBe("system");
    expect(types).toContain("assistant");
    expect(types.at(-1)).toBe("result");
    // The fake ran `ls` in the worktree: its tool result lists the repository's files.
    expect(lines.some((l) => l.jsonType === "user" && l.line.includes("README.md"))).toBe(true);
    expect(done.costUsd).toBeGreaterThan(0);
  });

  it("stores 10,000 lines complete and in order", async () => {
    const task = await startTask("scenario:long");
    expect((await finished(task.id)).status).toBe("completed");
    const lines = await storedLines(task.id);
    expect(lines.map((l) => l.seq)).toEqual(lines.map((_, i) => i + 1));
    const texts = lines
      .filter((l) => l.jsonType === "assistant")
      .map((l) => JSON.parse(l.line).message.content[0].text);
    expect(texts).toHaveLength(10_000);
    expect(texts[0]).toBe("line 1");
    expect(texts[9_999]).toBe("line 10000");
  });

  it("fails with the reason when the repository path does not exist", async () => {
    const task = await startTask("scenario:text", "/nonexistent/makima-repo");
    const done = await finished(task.id);
    expect(done.status).toBe("failed");
    expect(done.error).toBe("Repository path does not exist: /nonexistent/makima-repo");
  });

  it("fails with the reason when the path is not a git repository", async () => {
    const task = await startTask("scenario:text", fs.mkdtempSync("/tmp/not-a-repo-"));
    const done = await finished(task.id);
    expect(done.status).toBe("failed");
    expect(done.error).toMatch(/^Not a git repository: \/tmp\/not-a-repo-/);
  });

  it("fails with claude's exit code and last stderr line", async () => {
    const task = await startTask("scenario:fail");
    const done = await finished(task.id);
    expect(done.status).toBe("failed");
    expect(done.error).toBe("claude exited with code 1: fatal: something went wrong");
    expect((await storedLines(task.id)).some((l) => l.stream === "stderr")).toBe(true);
  });

  it("stores a stdout line over 1 MiB truncated, with a visible marker", async () => {
    const task = await startTask("scenario:huge-line");
    expect((await finished(task.id)).status).toBe("completed");
    const huge = (await storedLines(task.id)).find((l) => l.line.includes("[line truncated:"));
    expect(huge).toBeDefined();
    expect(Buffer.byteLength(huge!.line)).toBeLessThan(1024 * 1024 + 200);
    expect(huge!.line).toMatch(/ … \[line truncated: \d+ bytes in all, 1048576 kept\]$/);
    expect(huge!.jsonType).toBeNull();
  });

  it("keeps non-JSON lines and unknown message types", async () => {
    const task = await startTask("scenario:non-json");
    expect((await finished(task.id)).status).toBe("completed");
    const lines = (await storedLines(task.id)).map((l) => l.line);
    expect(lines).toContain("plain text output");
    expect(lines).toContain("{broken json");
    expect(lines.some((l) => l.includes('"mystery"'))).toBe(true);
  });

  it("fails with claude's own words when its result is an error", async () => {
    const notLoggedIn = await finished((await startTask("scenario:not-logged-in")).id);
    expect(notLoggedIn.status).toBe("failed");
    expect(notLoggedIn.error).toBe("Not logged in · Please run /login");
    const errored = await finished((await startTask("scenario:error-result")).id);
    expect(errored.error).toBe("Execution failed");
  });
});
