import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createGitRepo, git as gitSync, tempDir } from "../../test/support/git";
import { commitOf, currentBranch, git, gitBytes, GitError, gitMessage, hasBranch } from "./git-runner";

describe("the git runner on real git", () => {
  it("runs a command in the folder and answers its output as text, its exit code and its error output", async () => {
    const repo = createGitRepo();
    const run = await git(repo, ["rev-parse", "HEAD"]);
    expect(run.stdout.trim()).toBe(gitSync(repo, "rev-parse", "HEAD"));
    expect(run).toMatchObject({ code: 0, stderr: "", cut: false });
  });

  it("answers the output as bytes, unchanged", async () => {
    const repo = createGitRepo();
    const bytes = Buffer.from([0, 1, 2, 0xff, 0xfe, 0x0a, 0x80]);
    fs.writeFileSync(path.join(repo, "blob.bin"), bytes);
    gitSync(repo, "add", "blob.bin");
    const { stdout } = await gitBytes(repo, ["cat-file", "blob", ":blob.bin"]);
    expect(Buffer.compare(stdout, bytes)).toBe(0);
  });

  it("rejects with a GitError that names the command, the folder and the exit code and carries git's error output", async () => {
    const folder = tempDir("makima-not-a-repo-");
    const failure = await git(folder, ["rev-parse", "--verify", "HEAD"]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GitError);
    const error = failure as GitError;
    expect(error.code).toBe(128);
    expect(error.args).toEqual(["rev-parse", "--verify", "HEAD"]);
    expect(error.cwd).toBe(folder);
    expect(error.stderr).toMatch(/not a git repository/i);
    expect(error.message).toMatch(
      new RegExp(`^git rev-parse failed in ${folder} \\(exit code 128\\): fatal: not a git repository`, "i"),
    );
    expect(gitMessage(error)).toContain("not a git repository");
  });

  it("accepts the exit codes it is told to, or any", async () => {
    const repo = createGitRepo();
    await expect(git(repo, ["config", "no.such"])).rejects.toBeInstanceOf(GitError);
    expect((await git(repo, ["config", "no.such"], { okCodes: [0, 1] })).code).toBe(1);
    expect((await git(tempDir(), ["status"], { okCodes: "any" })).code).toBe(128);
  });

  it("rejects when git cannot start in the folder", async () => {
    const gone = path.join(tempDir(), "gone");
    await expect(git(gone, ["status"])).rejects.toThrow(/^git status failed in .*could not start/);
  });

  it("adds the call's environment to the daemon's and leaves the daemon's alone", async () => {
    const repo = createGitRepo();
    const index = path.join(tempDir(), "index");
    await git(repo, ["read-tree", "HEAD"], { env: { GIT_INDEX_FILE: index } });
    expect(fs.existsSync(index)).toBe(true);
    expect(process.env.GIT_INDEX_FILE).toBeUndefined();
    // Staged in the temporary index only: the real one does not see the file.
    fs.writeFileSync(path.join(repo, "new.txt"), "new\n");
    await git(repo, ["add", "new.txt"], { env: { GIT_INDEX_FILE: index } });
    expect((await git(repo, ["ls-files"], { env: { GIT_INDEX_FILE: index } })).stdout).toContain("new.txt");
    expect((await git(repo, ["ls-files"])).stdout).not.toContain("new.txt");
    // The daemon's own environment still reaches git.
    process.env.MAKIMA_RUNNER_TEST = "inherited";
    try {
      const alias = await git(repo, ["-c", 'alias.show-env=!printf %s "$MAKIMA_RUNNER_TEST"', "show-env"]);
      expect(alias.stdout).toBe("inherited");
    } finally {
      delete process.env.MAKIMA_RUNNER_TEST;
    }
  });

  it("puts `config` settings before the command", async () => {
    const repo = createGitRepo();
    expect((await git(repo, ["config", "makima.probe"], { config: ["makima.probe=set"] })).stdout.trim()).toBe("set");
  });

  it("with maxBytes stops git once more came and answers the first bytes", async () => {
    const repo = createGitRepo();
    fs.writeFileSync(path.join(repo, "big.txt"), "x".repeat(1024 * 1024));
    gitSync(repo, "add", "big.txt");
    const run = await gitBytes(repo, ["cat-file", "blob", ":big.txt"], { maxBytes: 1000 });
    expect(run.cut).toBe(true);
    expect(run.stdout.length).toBeGreaterThan(1000);
    expect(run.stdout.length).toBeLessThan(1024 * 1024);
  });

  it("streams the output to onStdout instead of collecting it", async () => {
    const repo = createGitRepo();
    const chunks: Buffer[] = [];
    const run = await gitBytes(repo, ["show", "HEAD:README.md"], { onStdout: (chunk) => chunks.push(chunk) });
    expect(Buffer.concat(chunks).toString()).toBe("# test repository\n");
    expect(run.stdout.length).toBe(0);
  });

  it("reads a commit, the checked-out branch and whether a branch exists, null or false when there is none", async () => {
    const repo = createGitRepo();
    expect(await commitOf(repo, "refs/heads/main")).toBe(gitSync(repo, "rev-parse", "main"));
    expect(await commitOf(repo, "refs/heads/nope")).toBeNull();
    expect(await currentBranch(repo)).toBe("main");
    expect(await hasBranch(repo, "main")).toBe(true);
    expect(await hasBranch(repo, "nope")).toBe(false);
    gitSync(repo, "checkout", "-q", "--detach");
    expect(await currentBranch(repo)).toBeNull();
    const empty = tempDir();
    gitSync(empty, "init", "-q");
    expect(await commitOf(empty, "HEAD")).toBeNull();
    await expect(commitOf(tempDir(), "HEAD")).rejects.toBeInstanceOf(GitError);
    await expect(currentBranch(tempDir())).rejects.toBeInstanceOf(GitError);
  });
});
