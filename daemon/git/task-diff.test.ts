import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createGitRepo, git, tempDir } from "../../test/support/git";
import { readTaskDiff, TaskDiffError } from "./task-diff";
import { createTaskWorktree } from "./worktree";

async function setup(repository = { path: createGitRepo(), cloned: false }) {
  fs.writeFileSync(path.join(repository.path, "gone.txt"), "to be deleted\n");
  git(repository.path, "add", ".");
  git(repository.path, "commit", "-q", "-m", "add gone.txt");
  const worktree = await createTaskWorktree({
    repository,
    worktreesDir: tempDir("makima-worktrees-"),
    taskId: "3f2a9c1e-0000-4000-8000-000000000000",
    taskName: "Diff me",
    baseBranch: "main",
  });
  return { repository, repo: repository.path, worktree };
}

/** A committed rename and new file, then uncommitted: an edit, a deletion, untracked text and binary files, an ignored file. */
function makeChanges(worktreePath: string) {
  git(worktreePath, "mv", "src/index.ts", "src/main.ts");
  fs.writeFileSync(path.join(worktreePath, "committed.txt"), "one\ntwo\n");
  fs.writeFileSync(path.join(worktreePath, ".gitignore"), "*.log\n");
  git(worktreePath, "add", ".");
  git(worktreePath, "commit", "-q", "-m", "task commit");
  fs.writeFileSync(path.join(worktreePath, "README.md"), "# test repository\nmore\n");
  fs.rmSync(path.join(worktreePath, "gone.txt"));
  fs.writeFileSync(path.join(worktreePath, "untracked.txt"), "new\n");
  fs.writeFileSync(path.join(worktreePath, "image.bin"), Buffer.from([0x89, 0x50, 0, 1, 2, 0, 3]));
  fs.writeFileSync(path.join(worktreePath, "debug.log"), "ignored\n");
}

describe("readTaskDiff on real git", () => {
  it("includes committed, uncommitted and untracked changes of the worktree", async () => {
    const { repository, repo, worktree } = await setup();
    makeChanges(worktree.path);

    const diff = await readTaskDiff({
      worktreePath: worktree.path,
      repository,
      branch: worktree.branch,
      baseBranch: "main",
    });

    expect(diff.source).toBe("worktree");
    expect(diff.branch).toBe(worktree.branch);
    expect(diff.baseCommit).toBe(git(repo, "rev-parse", "main"));
    expect(diff.headCommit).toBe(git(worktree.path, "rev-parse", "HEAD"));
    expect(diff.truncated).toBe(false);
    const byPath = Object.fromEntries(diff.files.map((file) => [file.path, file]));
    expect(Object.keys(byPath).sort()).toEqual([
      ".gitignore",
      "README.md",
      "committed.txt",
      "gone.txt",
      "image.bin",
      "src/main.ts",
      "untracked.txt",
    ]);
    expect(byPath["src/main.ts"]).toEqual({
      path: "src/main.ts",
      oldPath: "src/index.ts",
      status: "renamed",
      additions: 0,
      deletions: 0,
      binary: false,
    });
    expect(byPath["README.md"]).toMatchObject({ status: "modified", additions: 1, deletions: 0, oldPath: null });
    expect(byPath["gone.txt"]).toMatchObject({ status: "deleted", additions: 0, deletions: 1 });
    expect(byPath["committed.txt"]).toMatchObject({ status: "added", additions: 2, deletions: 0 });
    expect(byPath["untracked.txt"]).toMatchObject({ status: "added", additions: 1 });
    expect(byPath["image.bin"]).toEqual({
      path: "image.bin",
      oldPath: null,
      status: "added",
      additions: 0,
      deletions: 0,
      binary: true,
    });
    expect(diff.patch).toContain("diff --git a/README.md b/README.md");
    expect(diff.patch).toContain("+more");
    expect(diff.patch).toContain("rename from src/index.ts");
    expect(diff.patch).toContain("Binary files /dev/null and b/image.bin differ");
    expect(diff.patch).not.toContain("debug.log");
  });

  it("leaves the worktree's index and files as they were", async () => {
    const { repository, worktree } = await setup();
    makeChanges(worktree.path);
    const indexPath = git(worktree.path, "rev-parse", "--path-format=absolute", "--git-path", "index");
    const indexBefore = fs.readFileSync(indexPath);
    const statusBefore = git(worktree.path, "status", "--porcelain");

    await readTaskDiff({ worktreePath: worktree.path, repository, branch: worktree.branch, baseBranch: "main" });

    expect(fs.readFileSync(indexPath).equals(indexBefore)).toBe(true);
    expect(git(worktree.path, "status", "--porcelain")).toBe(statusBefore);
    expect(statusBefore).toContain("?? untracked.txt");
    expect(
      fs.readdirSync(path.dirname(indexPath)).filter((name) => name.startsWith("index") && name !== "index"),
    ).toEqual([]);
  });

  it("does not show the base branch's later commits as reverted", async () => {
    const { repository, repo, worktree } = await setup();
    const forkPoint = git(repo, "rev-parse", "main");
    fs.writeFileSync(path.join(repo, "main-only.txt"), "added on main later\n");
    fs.writeFileSync(path.join(repo, "README.md"), "# changed on main\n");
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "main moves on");
    fs.writeFileSync(path.join(worktree.path, "task.txt"), "task\n");

    const diff = await readTaskDiff({
      worktreePath: worktree.path,
      repository,
      branch: worktree.branch,
      baseBranch: "main",
    });

    expect(diff.baseCommit).toBe(forkPoint);
    expect(diff.files.map((file) => file.path)).toEqual(["task.txt"]);
  });

  it("falls back to the branch's commits once the worktree folder is gone", async () => {
    const { repository, repo, worktree } = await setup();
    makeChanges(worktree.path);
    const head = git(worktree.path, "rev-parse", "HEAD");
    git(repo, "worktree", "remove", "--force", worktree.path);

    const diff = await readTaskDiff({
      worktreePath: worktree.path,
      repository,
      branch: worktree.branch,
      baseBranch: "main",
    });

    expect(diff.source).toBe("branch");
    expect(diff.headCommit).toBe(head);
    expect(diff.files.map((file) => file.path).sort()).toEqual([".gitignore", "committed.txt", "src/main.ts"]);
  });

  it("finds the repository from the worktree when none is given", async () => {
    const { worktree } = await setup();
    fs.writeFileSync(path.join(worktree.path, "task.txt"), "task\n");

    const diff = await readTaskDiff({
      worktreePath: worktree.path,
      repository: null,
      branch: null,
      baseBranch: "main",
    });

    expect(diff.branch).toBe(worktree.branch);
    expect(diff.files.map((file) => file.path)).toEqual(["task.txt"]);
  });

  it("measures a clone's task from origin/<base>", async () => {
    const origin = createGitRepo();
    const clone = path.join(tempDir("makima-repos-"), "clone");
    git(path.dirname(clone), "clone", "-q", origin, clone);
    const { worktree } = await setup({ path: clone, cloned: true });
    fs.writeFileSync(path.join(worktree.path, "task.txt"), "task\n");

    const diff = await readTaskDiff({
      worktreePath: worktree.path,
      repository: { path: clone, cloned: true },
      branch: worktree.branch,
      baseBranch: "main",
    });

    // gone.txt was committed on the clone's local main, which a clone's task does not start from.
    expect(diff.baseCommit).toBe(git(clone, "rev-parse", "origin/main"));
    expect(diff.files.map((file) => file.path)).toEqual(["task.txt"]);
  });

  it("cuts a large patch at a line boundary and keeps every file", async () => {
    const { repository, worktree } = await setup();
    fs.writeFileSync(
      path.join(worktree.path, "big.txt"),
      Array.from({ length: 5000 }, (_, i) => `line ${i}`).join("\n") + "\n",
    );
    fs.writeFileSync(path.join(worktree.path, "small.txt"), "small\n");

    const diff = await readTaskDiff({
      worktreePath: worktree.path,
      repository,
      branch: worktree.branch,
      baseBranch: "main",
      maxPatchBytes: 1000,
    });

    expect(diff.truncated).toBe(true);
    expect(Buffer.byteLength(diff.patch)).toBeLessThanOrEqual(1000);
    expect(diff.patch.endsWith("\n")).toBe(true);
    expect(diff.patch).toContain("diff --git a/big.txt b/big.txt");
    expect(diff.files.map((file) => [file.path, file.additions])).toEqual([
      ["big.txt", 5000],
      ["small.txt", 1],
    ]);
  });

  it("fails clearly when the worktree and branch are gone, or the base branch is unknown", async () => {
    const { repository, repo, worktree } = await setup();
    await expect(
      readTaskDiff({ worktreePath: worktree.path, repository, branch: worktree.branch, baseBranch: "nope" }),
    ).rejects.toThrow(new TaskDiffError('Base branch "nope" not found in ' + repo));
    git(repo, "worktree", "remove", "--force", worktree.path);
    git(repo, "branch", "-D", worktree.branch);
    const gone = readTaskDiff({ worktreePath: worktree.path, repository, branch: worktree.branch, baseBranch: "main" });
    await expect(gone).rejects.toBeInstanceOf(TaskDiffError);
    await expect(gone).rejects.toThrow("The task's worktree and branch are gone");
    await expect(
      readTaskDiff({ worktreePath: null, repository: null, branch: null, baseBranch: "main" }),
    ).rejects.toThrow("The task's worktree and branch are gone");
  });
});
