import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createGitRepo, git, tempDir } from "../../test/support/git";
import { cleanupTaskWorktree, findTaskWorktree, SAVE_COMMIT_MESSAGE } from "./cleanup";
import { createTaskWorktree } from "./worktree";

const TASK_ID = "3f2a9c1e-0000-4000-8000-000000000000";

async function setup(taskId = TASK_ID, taskName = "Add tests") {
  const repo = createGitRepo();
  const worktreesDir = tempDir("makima-worktrees-");
  const worktree = await createTaskWorktree({
    repository: { path: repo, cloned: false },
    worktreesDir,
    taskId,
    taskName,
    baseBranch: "main",
  });
  return { repo, worktreesDir, worktree };
}

function listed(repo: string, worktreePath: string): boolean {
  const realTarget = path.join(fs.realpathSync(path.dirname(worktreePath)), path.basename(worktreePath));
  return git(repo, "worktree", "list", "--porcelain")
    .split("\n")
    .some((line) => line === `worktree ${worktreePath}` || line === `worktree ${realTarget}`);
}

function branchExists(repo: string, branch: string): boolean {
  return git(repo, "branch", "--list", branch) !== "";
}

describe("findTaskWorktree", () => {
  it("finds the task's folder by the first 8 characters of its id, or returns null", async () => {
    const { worktreesDir, worktree } = await setup();
    expect(findTaskWorktree(worktreesDir, TASK_ID)).toBe(worktree.path);
    expect(findTaskWorktree(worktreesDir, "00000000-1111-4000-8000-000000000000")).toBeNull();
    expect(findTaskWorktree(path.join(worktreesDir, "missing"), TASK_ID)).toBeNull();
  });
});

describe("cleanupTaskWorktree on real git", () => {
  it("removes the folder and its git worktree list entry, keeping the branch", async () => {
    const { repo, worktree } = await setup();
    expect(listed(repo, worktree.path)).toBe(true);

    const result = await cleanupTaskWorktree({ worktreePath: worktree.path, deleteBranch: false });

    expect(result).toEqual({
      success: true,
      alreadyGone: false,
      message: `Worktree removed: ${worktree.path}; branch ${worktree.branch} kept`,
    });
    expect(fs.existsSync(worktree.path)).toBe(false);
    expect(listed(repo, worktree.path)).toBe(false);
    expect(branchExists(repo, worktree.branch)).toBe(true);
  });

  it("deletes the branch when asked", async () => {
    const { repo, worktree } = await setup();
    const result = await cleanupTaskWorktree({ worktreePath: worktree.path, deleteBranch: true });

    expect(result.success).toBe(true);
    expect(result.message).toContain(`branch ${worktree.branch} deleted`);
    expect(fs.existsSync(worktree.path)).toBe(false);
    expect(listed(repo, worktree.path)).toBe(false);
    expect(branchExists(repo, worktree.branch)).toBe(false);
  });

  it("commits uncommitted edits and new files on the kept branch before removing", async () => {
    const { repo, worktree } = await setup();
    const before = git(repo, "rev-parse", worktree.branch);
    fs.writeFileSync(path.join(worktree.path, "README.md"), "# edited by the agent\n");
    fs.writeFileSync(path.join(worktree.path, "NEW.md"), "brand new file\n");

    const result = await cleanupTaskWorktree({ worktreePath: worktree.path, deleteBranch: false });

    expect(result.success).toBe(true);
    const sha = git(repo, "rev-parse", "--short", worktree.branch);
    expect(result.message).toContain(`saved uncommitted work in commit ${sha} on ${worktree.branch}`);
    expect(fs.existsSync(worktree.path)).toBe(false);
    expect(git(repo, "log", "-1", "--format=%s", worktree.branch)).toBe(SAVE_COMMIT_MESSAGE);
    expect(SAVE_COMMIT_MESSAGE).toBe("makima: uncommitted work saved at clean-up");
    expect(git(repo, "rev-parse", `${worktree.branch}~1`)).toBe(before);
    expect(git(repo, "show", `${worktree.branch}:README.md`)).toBe("# edited by the agent");
    expect(git(repo, "show", `${worktree.branch}:NEW.md`)).toBe("brand new file");
  });

  it("does not commit anything when the branch is deleted anyway", async () => {
    const { repo, worktree } = await setup();
    const mainBefore = git(repo, "rev-parse", "main");
    fs.writeFileSync(path.join(worktree.path, "NEW.md"), "thrown away\n");

    const result = await cleanupTaskWorktree({ worktreePath: worktree.path, deleteBranch: true });

    expect(result.success).toBe(true);
    expect(result.message).not.toContain("saved uncommitted work");
    expect(fs.existsSync(worktree.path)).toBe(false);
    expect(branchExists(repo, worktree.branch)).toBe(false);
    expect(git(repo, "rev-parse", "main")).toBe(mainBefore);
    expect(git(repo, "log", "--all", "--format=%s")).not.toContain(SAVE_COMMIT_MESSAGE);
  });

  it("a folder deleted by hand is already gone, and its stale entry is pruned", async () => {
    const { repo, worktree } = await setup();
    fs.rmSync(worktree.path, { recursive: true, force: true });
    expect(listed(repo, worktree.path)).toBe(true);

    const result = await cleanupTaskWorktree({
      worktreePath: worktree.path,
      deleteBranch: false,
      repositoryPath: repo,
    });

    expect(result).toMatchObject({ success: true, alreadyGone: true });
    expect(result.message).toMatch(/^Worktree already gone/);
    expect(listed(repo, worktree.path)).toBe(false);
    expect(branchExists(repo, worktree.branch)).toBe(true);
  });

  it("without the repository, prunes through the other worktrees of the same folder", async () => {
    const { repo, worktreesDir, worktree } = await setup();
    const sibling = await createTaskWorktree({
      repository: { path: repo, cloned: false },
      worktreesDir,
      taskId: "bbbbbbbb-0000-4000-8000-000000000000",
      taskName: "Other",
      baseBranch: "main",
    });
    fs.rmSync(worktree.path, { recursive: true, force: true });

    const result = await cleanupTaskWorktree({ worktreePath: worktree.path, deleteBranch: false });

    expect(result).toMatchObject({ success: true, alreadyGone: true });
    expect(result.message).toMatch(/^Worktree already gone/);
    expect(listed(repo, worktree.path)).toBe(false);
    expect(listed(repo, sibling.path)).toBe(true);
  });

  it("a null path is already gone", async () => {
    expect(await cleanupTaskWorktree({ worktreePath: null, deleteBranch: true })).toEqual({
      success: true,
      alreadyGone: true,
      message: "Worktree already gone",
    });
  });

  it("reports a git failure instead of throwing", async () => {
    const notARepo = tempDir("makima-plain-");
    const result = await cleanupTaskWorktree({ worktreePath: notARepo, deleteBranch: false });
    expect(result.success).toBe(false);
    expect(result.message).toMatch(/^Failed to remove worktree: /);
    expect(fs.existsSync(notARepo)).toBe(true);
  });
});
