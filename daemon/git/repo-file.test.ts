import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createGitRepo, tempDir } from "../../test/support/git";
import { readWorktreeFile, RepoFileError } from "./repo-file";
import { createTaskWorktree } from "./worktree";

async function worktree(): Promise<string> {
  const created = await createTaskWorktree({
    repository: { path: createGitRepo(), cloned: false },
    worktreesDir: tempDir("makima-worktrees-"),
    taskId: "3f2a9c1e-0000-4000-8000-000000000000",
    taskName: "Read files",
    baseBranch: "main",
  });
  return created.path;
}

async function refusal(worktreePath: string, relativePath: string): Promise<string> {
  const error = await readWorktreeFile(worktreePath, relativePath).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RepoFileError);
  return (error as RepoFileError).message;
}

describe("readWorktreeFile on a real worktree", () => {
  it("reads a text file", async () => {
    const dir = await worktree();
    expect(await readWorktreeFile(dir, "src/index.ts")).toEqual({
      path: "src/index.ts",
      sizeBytes: 26,
      binary: false,
      content: "export const answer = 42;\n",
      truncated: false,
    });
    expect((await readWorktreeFile(dir, "./src//index.ts")).path).toBe("src/index.ts");
  });

  it("refuses paths that are empty, absolute, climb out or reach into .git", async () => {
    const dir = await worktree();
    expect(await refusal(dir, "")).toMatch(/empty/);
    expect(await refusal(dir, "src/\0index.ts")).toMatch(/NUL byte/);
    expect(await refusal(dir, "/etc/passwd")).toMatch(/absolute/);
    expect(await refusal(dir, "C:\\Windows\\win.ini")).toMatch(/absolute/);
    expect(await refusal(dir, "../outside.txt")).toMatch(/"\.\." segment/);
    expect(await refusal(dir, "src/../../outside.txt")).toMatch(/"\.\." segment/);
    expect(await refusal(dir, "src\\..\\README.md")).toMatch(/"\.\." segment/);
    expect(await refusal(dir, ".git")).toMatch(/\.git/);
    expect(await refusal(dir, "src/.GIT/config")).toMatch(/\.git/);
  });

  it("refuses symlinks that lead outside the worktree, the parent folder's included, or into .git", async () => {
    const dir = await worktree();
    const outside = tempDir("makima-outside-");
    fs.writeFileSync(path.join(outside, "secret.txt"), "secret\n");
    fs.symlinkSync("/etc/passwd", path.join(dir, "passwd"));
    fs.symlinkSync(outside, path.join(dir, "linked"));
    fs.symlinkSync(path.join(dir, ".git"), path.join(dir, "gitlink"));

    expect(await refusal(dir, "passwd")).toMatch(/outside the worktree/);
    expect(await refusal(dir, "linked/secret.txt")).toMatch(/outside the worktree/);
    expect(await refusal(dir, "gitlink")).toBe("Refused: gitlink leads into .git");
  });

  it("follows symlinks that stay inside the worktree", async () => {
    const dir = await worktree();
    fs.symlinkSync("src/index.ts", path.join(dir, "alias.ts"));
    fs.symlinkSync("src", path.join(dir, "code"));
    expect((await readWorktreeFile(dir, "alias.ts")).content).toBe("export const answer = 42;\n");
    expect(await readWorktreeFile(dir, "code/index.ts")).toMatchObject({
      path: "code/index.ts",
      content: "export const answer = 42;\n",
    });
  });

  it("says when the file, or the worktree, is missing and refuses folders", async () => {
    const dir = await worktree();
    expect(await refusal(dir, "missing.txt")).toMatch(/not found/);
    expect(await refusal(dir, "README.md/child")).toMatch(/not found/);
    expect(await refusal(dir, "src")).toMatch(/is a folder/);
    expect(await refusal(path.join(dir, "gone"), "README.md")).toBe("The task's worktree is gone");
  });

  it("returns no content for a binary file", async () => {
    const dir = await worktree();
    fs.writeFileSync(path.join(dir, "image.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]));
    expect(await readWorktreeFile(dir, "image.png")).toEqual({
      path: "image.png",
      sizeBytes: 8,
      binary: true,
      content: "",
      truncated: false,
    });
  });

  it("cuts text over the limit without splitting a UTF-8 character", async () => {
    const dir = await worktree();
    fs.writeFileSync(path.join(dir, "long.txt"), "abcé".repeat(1000));
    // "abcé" is 5 bytes: 12 bytes end inside the third é.
    const file = await readWorktreeFile(dir, "long.txt", 12);
    expect(file).toEqual({ path: "long.txt", sizeBytes: 5000, binary: false, content: "abcéabcéab", truncated: true });
    expect((await readWorktreeFile(dir, "long.txt", 5000)).truncated).toBe(false);
  });
});
