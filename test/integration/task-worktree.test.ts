import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/server/db/client";
import { getRuntime } from "../../lib/server/runtime";
import { createGitRepo, git } from "../support/git";
import { daemonKey, startTestDaemon, startTestServer, waitFor } from "../support/stack";
import type { CompletionAction } from "../../lib/generated/prisma/enums";

let server: Awaited<ReturnType<typeof startTestServer>>;
let daemon: ReturnType<typeof startTestDaemon>;
let apiKey: string;

beforeAll(async () => {
  server = await startTestServer();
  apiKey = await daemonKey();
  daemon = startTestDaemon({ serverUrl: server.url, apiKey });
  await daemonConnected();
});

afterAll(async () => {
  await daemon?.stop();
  await server?.close();
});

const daemonConnected = () =>
  waitFor(async () => (await getDb().daemon.count({ where: { status: "connected" } })) === 1, 20_000, "the daemon");

async function finishedTask(
  plan: string,
  contract: { repository: string; completionAction?: CompletionAction; targetBranch?: string },
  until: "completed" | "failed" = "completed",
) {
  const db = getDb();
  const { id: contractId } = await db.contract.create({ data: { name: "worktree", ...contract } });
  const task = await db.task.create({ data: { contractId, name: "Edit files", plan } });
  await getRuntime().scheduleTasks();
  return waitFor(
    async () => {
      const row = await db.task.findUniqueOrThrow({ where: { id: task.id } });
      return row.status === until ? row : undefined;
    },
    20_000,
    `the task to be ${until}`,
  );
}

async function outputOf(taskId: string): Promise<string> {
  const rows = await getDb().taskOutput.findMany({ where: { taskId }, orderBy: { seq: "asc" } });
  return rows.map((row) => row.line).join("\n");
}

describe("a task's diff and files, read from its daemon", () => {
  it("shows committed and uncommitted changes against the base branch, and reads files of the worktree", async () => {
    const repo = createGitRepo();
    const task = await finishedTask(
      "scenario:edit\nwrite src/index.ts export const answer = 43;\ncommit change the answer\nwrite notes.md still drafting",
      { repository: repo },
    );

    const reply = await getRuntime().getTaskDiff(task.id);

    if (!reply.ok) throw new Error(reply.error);
    expect(reply.diff).toMatchObject({ source: "worktree", baseBranch: "main", branch: task.branch, truncated: false });
    expect(reply.diff.files).toEqual([
      { path: "notes.md", oldPath: null, status: "added", additions: 1, deletions: 0, binary: false },
      { path: "src/index.ts", oldPath: null, status: "modified", additions: 1, deletions: 1, binary: false },
    ]);
    expect(reply.diff.patch).toContain("-export const answer = 42;\n+export const answer = 43;");
    expect(reply.diff.patch).toContain("+still drafting");

    expect(await getRuntime().readTaskFile(task.id, "notes.md")).toMatchObject({
      ok: true,
      file: { content: "still drafting\n", binary: false },
    });
    fs.symlinkSync("/etc/passwd", path.join(task.worktreePath!, "passwd-link"));
    for (const outside of ["../../etc/passwd", "/etc/passwd", "passwd-link", "src/../../outside.txt"]) {
      const refused = await getRuntime().readTaskFile(task.id, outside);
      expect(refused.ok, outside).toBe(false);
    }
    expect(await getRuntime().readTaskFile(task.id, "missing.md")).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not found/i),
    });
  });

  it("falls back to the branch's commits once the worktree is gone, and says when the daemon is away", async () => {
    const repo = createGitRepo();
    const task = await finishedTask("scenario:edit\nwrite feature.txt done\ncommit add the feature", {
      repository: repo,
    });
    git(repo, "worktree", "remove", "--force", task.worktreePath!);

    const reply = await getRuntime().getTaskDiff(task.id);
    expect(reply).toMatchObject({
      ok: true,
      diff: { source: "branch", files: [{ path: "feature.txt", status: "added" }] },
    });
    expect(await getRuntime().readTaskFile(task.id, "feature.txt")).toEqual({
      ok: false,
      error: "The task's worktree is gone",
    });

    const pending = await getDb().task.create({
      data: { contractId: task.contractId, name: "Never ran", plan: "x", status: "failed" },
    });
    expect(await getRuntime().getTaskDiff(pending.id)).toEqual({
      ok: false,
      error: "The task has not run on a daemon yet",
    });
    expect(await getRuntime().getTaskDiff("no-such-task")).toEqual({ ok: false, error: "Task not found" });
  });
});

describe("the contract's completion action", () => {
  it("merges a successful task's work, uncommitted part included, into the checked-out target branch", async () => {
    const repo = createGitRepo();
    const task = await finishedTask("scenario:edit\nwrite merged.txt from the task", {
      repository: repo,
      completionAction: "merge",
    });

    expect(task).toMatchObject({
      completionOutcome: "merged",
      completionMessage: expect.stringContaining("into main"),
    });
    expect(git(repo, "show", "main:merged.txt")).toBe("from the task");
    expect(fs.readFileSync(path.join(repo, "merged.txt"), "utf8")).toBe("from the task\n");
    expect(git(repo, "status", "--porcelain")).toBe("");
    expect(await outputOf(task.id)).toContain("Completion action (merge): Merged");
  });

  it("reports a conflict on the task and leaves the target branch as it was", async () => {
    const repo = createGitRepo();
    git(repo, "branch", "release");
    git(repo, "checkout", "-q", "release");
    fs.writeFileSync(path.join(repo, "README.md"), "# the release's README\n");
    git(repo, "commit", "-q", "-am", "release notes");
    git(repo, "checkout", "-q", "main");
    const release = git(repo, "rev-parse", "release");

    const task = await finishedTask("scenario:edit\nwrite README.md # the task's README", {
      repository: repo,
      completionAction: "merge",
      targetBranch: "release",
    });

    expect(task.status).toBe("completed");
    expect(task.completionOutcome).toBe("conflict");
    expect(task.completionMessage).toMatch(/Merge conflict in 1 file.*README\.md/s);
    expect(git(repo, "rev-parse", "release")).toBe(release);
    expect(fs.existsSync(path.join(repo, ".git", "MERGE_HEAD"))).toBe(false);
  });

  it("keeps the branch with the task's work committed on it", async () => {
    const repo = createGitRepo();
    const task = await finishedTask("scenario:edit\nwrite kept.txt keep me", {
      repository: repo,
      completionAction: "keep_branch",
    });

    expect(task.completionOutcome).toBe("kept");
    expect(git(repo, "show", `${task.branch}:kept.txt`)).toBe("keep me");
    expect(git(repo, "show", "main:README.md")).toBe("# test repository");
    expect(() => git(repo, "show", "main:kept.txt")).toThrow();
  });

  it("does nothing when the contract asks for nothing, or when the task failed", async () => {
    const repo = createGitRepo();
    const task = await finishedTask("scenario:edit\nwrite left.txt left alone", { repository: repo });
    expect(task.completionOutcome).toBeNull();
    expect(git(repo, "log", "--format=%s", task.branch!)).toBe("initial commit");

    const failed = await finishedTask("scenario:fail", { repository: repo, completionAction: "merge" }, "failed");
    expect(failed.completionOutcome).toBeNull();
    expect(git(repo, "log", "--format=%s", "main")).toBe("initial commit");
  });
});

describe("worktree sizes and orphans", () => {
  it("measures each task's worktree, and lists the folders no task owns so they can be removed without losing work", async () => {
    const repo = createGitRepo();
    const task = await finishedTask("scenario:edit\nwrite big.txt " + "x".repeat(50_000), { repository: repo });
    expect(task.worktreeBytes).toBeGreaterThan(50_000);

    const worktreesDir = path.join(daemon.dataDir, "worktrees");
    const orphanPath = path.join(worktreesDir, "deadbeef-left-behind");
    git(repo, "worktree", "add", "-q", "-b", "makima/deadbeef-left-behind", orphanPath);
    fs.writeFileSync(path.join(orphanPath, "unsaved.txt"), "unsaved work\n");
    await daemon.stop();
    daemon = startTestDaemon({ serverUrl: server.url, apiKey, dataDir: daemon.dataDir });
    await daemonConnected();

    const orphan = await waitFor(() =>
      getDb()
        .orphanWorktree.findFirst({ where: { path: orphanPath } })
        .then((row) => row ?? undefined),
    );
    expect(orphan).toMatchObject({ branch: "makima/deadbeef-left-behind", sizeBytes: expect.any(Number) });
    expect(orphan.sizeBytes).toBeGreaterThan(0);
    expect(await getDb().orphanWorktree.count({ where: { path: task.worktreePath! } })).toBe(0);

    const removed = await getRuntime().removeOrphanWorktree(orphan.id);

    expect(removed).toMatchObject({ ok: true, message: expect.stringMatching(/saved uncommitted work/) });
    expect(fs.existsSync(orphanPath)).toBe(false);
    expect(git(repo, "show", "makima/deadbeef-left-behind:unsaved.txt")).toBe("unsaved work");
    expect(await getDb().orphanWorktree.count({ where: { path: orphanPath } })).toBe(0);
    expect(fs.existsSync(task.worktreePath!)).toBe(true);
  });

  it("refuses to remove a folder outside the worktrees folder", async () => {
    const { id } = await getDb().daemon.findFirstOrThrow({ where: { status: "connected" } });
    const forged = await getDb().orphanWorktree.create({ data: { daemonId: id, path: "/etc", sizeBytes: 1 } });
    expect(await getRuntime().removeOrphanWorktree(forged.id)).toEqual({
      ok: false,
      error: "/etc is not a folder of this daemon's worktrees folder",
    });
    expect(fs.existsSync("/etc")).toBe(true);
  });
});
