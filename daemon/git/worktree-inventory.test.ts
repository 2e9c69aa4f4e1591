import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createGitRepo, git, tempDir } from "../../test/support/git";
import { directorySize, isInsideFolder, listWorktreeFolders } from "./worktree-inventory";
import { createTaskWorktree } from "./worktree";

describe("directorySize", () => {
  it("is above zero for a worktree and grows with a 100 kB file", async () => {
    const dir = createGitRepo();
    const before = await directorySize(dir);
    expect(before).toBeGreaterThan(0);
    fs.writeFileSync(path.join(dir, "big.bin"), Buffer.alloc(100_000, 1));
    expect(await directorySize(dir)).toBeGreaterThanOrEqual(before + 100_000);
  });

  it("does not follow symlinks, counts hard links once and is 0 for a missing folder", async () => {
    const dir = tempDir("makima-size-");
    fs.writeFileSync(path.join(dir, "data.bin"), Buffer.alloc(100_000, 1));
    const alone = await directorySize(dir);
    fs.linkSync(path.join(dir, "data.bin"), path.join(dir, "hardlink.bin"));
    fs.symlinkSync("/usr", path.join(dir, "usr"));
    expect(await directorySize(dir)).toBeLessThan(alone + 10_000);
    expect(await directorySize(path.join(dir, "missing"))).toBe(0);
  });
});

describe("listWorktreeFolders", () => {
  it("lists every folder with its branch, null for a detached or non-git folder", async () => {
    const repository = { path: createGitRepo(), cloned: false };
    const worktreesDir = tempDir("makima-worktrees-");
    const first = await createTaskWorktree({
      repository,
      worktreesDir,
      taskId: "aaaaaaaa-0000",
      taskName: "First",
      baseBranch: "main",
    });
    const second = await createTaskWorktree({
      repository,
      worktreesDir,
      taskId: "bbbbbbbb-0000",
      taskName: "Second",
      baseBranch: "main",
    });
    git(second.path, "checkout", "-q", "--detach");
    fs.mkdirSync(path.join(worktreesDir, "plain"));
    fs.writeFileSync(path.join(worktreesDir, "stray-file.txt"), "not a folder\n");

    const folders = await listWorktreeFolders(worktreesDir);

    expect(folders.map(({ path, branch }) => ({ path, branch }))).toEqual([
      { path: first.path, branch: first.branch },
      { path: second.path, branch: null },
      { path: path.join(worktreesDir, "plain"), branch: null },
    ]);
    expect(folders[0].sizeBytes).toBeGreaterThan(0);
    expect(await listWorktreeFolders(path.join(worktreesDir, "missing"))).toEqual([]);
  });

  it("does not report the branch of a repository that contains the worktrees folder", async () => {
    const repo = createGitRepo();
    fs.mkdirSync(path.join(repo, "worktrees", "inside"), { recursive: true });
    expect(await listWorktreeFolders(path.join(repo, "worktrees"))).toEqual([
      { path: path.join(repo, "worktrees", "inside"), branch: null, sizeBytes: expect.any(Number) },
    ]);
  });
});

describe("isInsideFolder", () => {
  it("accepts the folder and what is below it, nothing else", () => {
    expect(isInsideFolder("/a/b", "/a/b")).toBe(true);
    expect(isInsideFolder("/a/b", "/a/b/c/d")).toBe(true);
    expect(isInsideFolder("/a/b", "/a/b/..c")).toBe(true);
    expect(isInsideFolder("/a/b", "/a/bc")).toBe(false);
    expect(isInsideFolder("/a/b", "/a")).toBe(false);
    expect(isInsideFolder("/a/b", "/etc/passwd")).toBe(false);
  });
});
