import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createGitRepo, git, tempDir } from "../../test/support/git";
import { cloneFolderName, isGitUrl, prepareRepository } from "./repository";
import { createTaskWorktree, slugify, taskBranchName } from "./worktree";

describe("names", () => {
  it.each([
    ["Fix the login bug!", "fix-the-login-bug"],
    ["  ÉTÉ été  ", "ete-ete"],
    ["***", "task"],
    ["a".repeat(60), "a".repeat(40)],
    ["word ".repeat(20), "word-word-word-word-word-word-word-word"],
  ])("slugify(%j) = %j", (input, slug) => {
    expect(slugify(input)).toBe(slug);
  });

  it("branches are makima/<8 characters of the task id>-<slug>", () => {
    expect(taskBranchName("3f2a9c1e-0000-4000-8000-000000000000", "Add tests")).toBe("makima/3f2a9c1e-add-tests");
  });

  it.each([
    ["https://github.com/o/r.git", true],
    ["git@github.com:o/r.git", true],
    ["ssh://git@host/r", true],
    ["file:///srv/repo", true],
    ["/home/me/repo", false],
    ["./repo", false],
    ["~/code/repo", false],
  ])("isGitUrl(%j) = %j", (input, expected) => {
    expect(isGitUrl(input)).toBe(expected);
  });

  it("clone folders are readable and never shared between URLs", () => {
    expect(cloneFolderName("https://github.com/o/makima.git")).toMatch(/^makima-[0-9a-f]{10}$/);
    expect(cloneFolderName("https://a/x/r.git")).not.toBe(cloneFolderName("https://b/x/r.git"));
  });
});

describe("repositories and worktrees on real git", () => {
  it("clones a git URL once, then fetches new commits for later tasks", async () => {
    const origin = createGitRepo();
    const reposDir = tempDir();
    const url = `file://${origin}`;
    const first = await prepareRepository(url, reposDir);
    expect(first.cloned).toBe(true);
    expect(fs.existsSync(path.join(first.path, "README.md"))).toBe(true);

    fs.writeFileSync(path.join(origin, "NEW.md"), "new\n");
    git(origin, "add", ".");
    git(origin, "commit", "-q", "-m", "second");
    const again = await prepareRepository(url, reposDir);
    expect(again.path).toBe(first.path);
    expect(fs.readdirSync(reposDir)).toHaveLength(1);

    const worktree = await createTaskWorktree({
      repository: again,
      worktreesDir: tempDir(),
      taskId: "abcdef12-x",
      taskName: "Uses new",
      baseBranch: "main",
    });
    expect(fs.existsSync(path.join(worktree.path, "NEW.md"))).toBe(true);
  });

  it("refuses a base branch that does not exist", async () => {
    const repository = await prepareRepository(createGitRepo(), tempDir());
    await expect(
      createTaskWorktree({
        repository,
        worktreesDir: tempDir(),
        taskId: "12345678",
        taskName: "x",
        baseBranch: "nope",
      }),
    ).rejects.toThrow(`Base branch "nope" not found in ${repository.path}`);
  });

  it("adds concurrent worktrees of one repository without git lock errors, and reuses one on retry", async () => {
    const repository = await prepareRepository(createGitRepo(), tempDir());
    const worktreesDir = tempDir();
    const made = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        createTaskWorktree({
          repository,
          worktreesDir,
          taskId: `0000000${i}-task`,
          taskName: `task ${i}`,
          baseBranch: "main",
        }),
      ),
    );
    expect(new Set(made.map((w) => w.branch)).size).toBe(6);
    const again = await createTaskWorktree({
      repository,
      worktreesDir,
      taskId: "00000000-task",
      taskName: "task 0",
      baseBranch: "main",
    });
    expect(again).toEqual(made[0]);
  });

  it("makes a deleted worktree again from the task's branch, with its commits", async () => {
    const repository = await prepareRepository(createGitRepo(), tempDir("makima-repos-"));
    const input = {
      repository,
      worktreesDir: tempDir("makima-wt-"),
      taskId: "abcdef12-0000",
      taskName: "Again",
      baseBranch: "main",
    };
    const first = await createTaskWorktree(input);
    fs.writeFileSync(path.join(first.path, "work.txt"), "done\n");
    git(first.path, "add", ".");
    git(first.path, "commit", "-q", "-m", "work");
    fs.rmSync(first.path, { recursive: true, force: true });
    const again = await createTaskWorktree(input);
    expect(again).toEqual(first);
    expect(fs.readFileSync(path.join(again.path, "work.txt"), "utf8")).toBe("done\n");
  });

  it("starts a clone's worktree from the task's branch on origin when it was pushed there", async () => {
    const origin = createGitRepo();
    const branch = taskBranchName("12345678-0000", "Pushed");
    git(origin, "checkout", "-q", "-b", branch);
    fs.writeFileSync(path.join(origin, "pushed.txt"), "from another daemon\n");
    git(origin, "add", ".");
    git(origin, "commit", "-q", "-m", "pushed work");
    git(origin, "checkout", "-q", "main");
    const repository = await prepareRepository(`file://${origin}`, tempDir("makima-repos-"));
    const worktree = await createTaskWorktree({
      repository,
      worktreesDir: tempDir("makima-wt-"),
      taskId: "12345678-0000",
      taskName: "Pushed",
      baseBranch: "main",
    });
    expect(worktree.branch).toBe(branch);
    expect(fs.readFileSync(path.join(worktree.path, "pushed.txt"), "utf8")).toBe("from another daemon\n");
  });

  it("finds the top of the repository from a subfolder", async () => {
    const repo = createGitRepo();
    expect((await prepareRepository(path.join(repo, "src"), tempDir())).path).toBe(fs.realpathSync(repo));
  });
});
