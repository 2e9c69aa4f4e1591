import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createGitRepo, git, tempDir } from "../../test/support/git";
import { worktreeFingerprint } from "./worktree-fingerprint";

const write = (repo: string, file: string, content: string | Buffer) =>
  fs.writeFileSync(path.join(repo, file), content);

describe("worktreeFingerprint on real git", () => {
  it("is a short hex hash that stays the same while nothing changes", async () => {
    const repo = createGitRepo();
    const first = await worktreeFingerprint(repo);
    expect(first).toMatch(/^[0-9a-f]{16}$/);
    expect(await worktreeFingerprint(repo)).toBe(first);
  });

  it("changes with an edit to a tracked file and comes back when the edit is reverted", async () => {
    const repo = createGitRepo();
    const before = await worktreeFingerprint(repo);
    write(repo, "src/index.ts", "export const answer = 43;\n");
    const edited = await worktreeFingerprint(repo);
    expect(edited).not.toBe(before);
    write(repo, "src/index.ts", "export const answer = 42;\n");
    expect(await worktreeFingerprint(repo)).toBe(before);
  });

  it("changes when an edit changes again, even with the same line counts", async () => {
    const repo = createGitRepo();
    write(repo, "src/index.ts", "export const answer = 43;\n");
    const first = await worktreeFingerprint(repo);
    write(repo, "src/index.ts", "export const answer = 44;\n");
    expect(await worktreeFingerprint(repo)).not.toBe(first);
  });

  it("changes with a new untracked file and again when its content changes", async () => {
    const repo = createGitRepo();
    const before = await worktreeFingerprint(repo);
    write(repo, "notes.md", "one\n");
    const added = await worktreeFingerprint(repo);
    expect(added).not.toBe(before);
    write(repo, "notes.md", "two\n");
    const changed = await worktreeFingerprint(repo);
    expect(changed).not.toBe(added);
    fs.rmSync(path.join(repo, "notes.md"));
    expect(await worktreeFingerprint(repo)).toBe(before);
  });

  it("sees changes inside binary files, tracked or not", async () => {
    const repo = createGitRepo();
    write(repo, "image.bin", Buffer.from([0, 1, 2, 255]));
    const untracked = await worktreeFingerprint(repo);
    write(repo, "image.bin", Buffer.from([0, 1, 3, 255]));
    expect(await worktreeFingerprint(repo)).not.toBe(untracked);
    git(repo, "add", "image.bin");
    git(repo, "commit", "-q", "-m", "binary");
    const committed = await worktreeFingerprint(repo);
    write(repo, "image.bin", Buffer.from([0, 1, 4, 255]));
    expect(await worktreeFingerprint(repo)).not.toBe(committed);
  });

  it("changes with a commit, even one of changes it already saw", async () => {
    const repo = createGitRepo();
    write(repo, "README.md", "# changed\n");
    const edited = await worktreeFingerprint(repo);
    git(repo, "commit", "-q", "-am", "edit");
    const committed = await worktreeFingerprint(repo);
    expect(committed).not.toBe(edited);
    git(repo, "commit", "-q", "--allow-empty", "-m", "empty");
    expect(await worktreeFingerprint(repo)).not.toBe(committed);
  });

  it("changes with a staged change", async () => {
    const repo = createGitRepo();
    const before = await worktreeFingerprint(repo);
    write(repo, "staged.ts", "export {};\n");
    git(repo, "add", "staged.ts");
    expect(await worktreeFingerprint(repo)).not.toBe(before);
  });

  it("ignores ignored files", async () => {
    const repo = createGitRepo();
    write(repo, ".gitignore", "dist/\n*.log\n");
    git(repo, "add", ".gitignore");
    git(repo, "commit", "-q", "-m", "ignore");
    const before = await worktreeFingerprint(repo);
    fs.mkdirSync(path.join(repo, "dist"));
    write(repo, "dist/bundle.js", "built\n");
    write(repo, "debug.log", "noise\n");
    expect(await worktreeFingerprint(repo)).toBe(before);
  });

  it("does not touch the index or the object store", async () => {
    const repo = createGitRepo();
    write(repo, "README.md", "# changed\n");
    write(repo, "new.txt", "new\n");
    // A file whose stat data no longer matches the index would make a refreshing command rewrite the index.
    fs.utimesSync(path.join(repo, "src/index.ts"), new Date(), new Date(Date.now() + 60_000));
    const index = fs.readFileSync(path.join(repo, ".git/index"));
    const objects = git(repo, "count-objects", "-v");
    await worktreeFingerprint(repo);
    expect(fs.readFileSync(path.join(repo, ".git/index")).equals(index)).toBe(true);
    expect(git(repo, "count-objects", "-v")).toBe(objects);
  });

  it("works in a repository without commits", async () => {
    const repo = tempDir("makima-empty-repo-");
    git(repo, "init", "-q", "-b", "main");
    const empty = await worktreeFingerprint(repo);
    expect(empty).toMatch(/^[0-9a-f]{16}$/);
    expect(await worktreeFingerprint(repo)).toBe(empty);
    write(repo, "first.txt", "hello\n");
    const untracked = await worktreeFingerprint(repo);
    expect(untracked).not.toBe(empty);
    git(repo, "add", "first.txt");
    const staged = await worktreeFingerprint(repo);
    expect(staged).not.toBe(untracked);
    write(repo, "first.txt", "hello again\n");
    expect(await worktreeFingerprint(repo)).not.toBe(staged);
  });

  it("fails outside a git repository", async () => {
    await expect(worktreeFingerprint(tempDir("makima-not-a-repo-"))).rejects.toThrow(/git rev-parse failed/);
  });
});
