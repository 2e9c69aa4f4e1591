import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { commitOf, git, gitBytes } from "./git-runner";

/**
 * A short hash of what an agent can change in a worktree: the HEAD commit, the diff of tracked files
 * against it (staged and unstaged alike, binary files included) and the untracked, not ignored files
 * with their content. It changes exactly when one of these does; touching a file without changing its
 * content does not count. Works in a repository without commits. Throws when git fails.
 *
 * Read-only: the index and the object store are left as they are.
 */
export async function worktreeFingerprint(worktreePath: string): Promise<string> {
  // A missing HEAD (no commits yet) is null; other failures still throw.
  const head = await commitOf(worktreePath, "HEAD");
  const diff = await diffHash(worktreePath, head ?? (await emptyTree(worktreePath)));
  const untracked = await untrackedHash(worktreePath);
  return sha256(`${head ?? "(no commits)"}\n${diff}\n${untracked}`).slice(0, 16);
}

/** The empty tree's id, asked from git because it differs between SHA-1 and SHA-256 repositories. */
async function emptyTree(cwd: string): Promise<string> {
  return (await git(cwd, ["hash-object", "-t", "tree", "--stdin"])).stdout.trim();
}

/** Hashes the full diff (--stat would miss an edit that keeps the line counts) as it streams, never holding it in memory. */
async function diffHash(cwd: string, base: string): Promise<string> {
  const hash = createHash("sha256");
  // Plumbing, unlike `git diff`: it never rewrites the index to refresh stat data and ignores diff
  // configuration (external tools, textconv, colour). --binary puts binary content into the patch.
  await gitBytes(cwd, ["diff-index", "--patch", "--binary", base, "--"], { onStdout: (chunk) => hash.update(chunk) });
  return hash.digest("hex");
}

async function untrackedHash(cwd: string): Promise<string> {
  const files = (await git(cwd, ["ls-files", "--others", "--exclude-standard", "-z"])).stdout
    .split("\0")
    .filter(Boolean);
  const hash = createHash("sha256");
  for (const file of files) hash.update(`${file}\0${await contentHash(path.join(cwd, file))}\0`);
  return hash.digest("hex");
}

async function contentHash(file: string): Promise<string> {
  const stat = await fs.promises.lstat(file);
  if (stat.isSymbolicLink()) return `link:${await fs.promises.readlink(file)}`;
  // ls-files lists an untracked nested repository as one "dir/" entry; its name is what git tracks of it.
  if (stat.isDirectory()) return "directory";
  const hash = createHash("sha256");
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest("hex");
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
