import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export function tempDir(prefix = "makima-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** A real repository with one commit on `main`: README.md and src/index.ts. */
export function createGitRepo(dir = tempDir("makima-repo-")): string {
  git(dir, "init", "-q", "-b", "main");
  git(dir, "config", "user.email", "test@makima.local");
  git(dir, "config", "user.name", "Makima Test");
  fs.writeFileSync(path.join(dir, "README.md"), "# test repository\n");
  fs.mkdirSync(path.join(dir, "src"));
  fs.writeFileSync(path.join(dir, "src/index.ts"), "export const answer = 42;\n");
  git(dir, "add", ".");
  git(dir, "commit", "-q", "-m", "initial commit");
  return dir;
}
