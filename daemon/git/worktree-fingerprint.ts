import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";

/**
 * A short hash of what an agent can change in a worktree: the HEAD commit, the diff of tracked files
 * against it (staged and unstaged alike, binary files included) and the untracked, not ignored files
 * with their content. It changes exactly when one of these does; touching a file without changing its
 * content does not count. Works in a repository without commits. Throws when git fails.
 *
 * Read-only: the index and the object store are left as they are.
 */
export async function worktreeFingerprint(worktreePath: string): Promise<string> {
  const head = await headCommit(worktreePath);
  const diff = await diffHash(worktreePath, head ?? (await emptyTree(worktreePath)));
  const untracked = await untrackedHash(worktreePath);
  return sha256(`${head ?? "(no commits)"}\n${diff}\n${untracked}`).slice(0, 16);
}

async function headCommit(cwd: string): Promise<string | null> {
  let out = "";
  // --quiet makes a missing HEAD (no commits yet) exit 1 silently; other failures still throw.
  const code = await runGit(cwd, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], (chunk) => (out += chunk), [0, 1]);
  return code === 0 ? out.trim() : null;
}

/** The empty tree's id, asked from git because it differs between SHA-1 and SHA-256 repositories. */
async function emptyTree(cwd: string): Promise<string> {
  let out = "";
  await runGit(cwd, ["hash-object", "-t", "tree", "--stdin"], (chunk) => (out += chunk));
  return out.trim();
}

/** Hashes the full diff (--stat would miss an edit that keeps the line counts) as it streams, never holding it in memory. */
async function diffHash(cwd: string, base: string): Promise<string> {
  const hash = createHash("sha256");
  // Plumbing, unlike `git diff`: it never rewrites the index to refresh stat data and ignores diff
  // configuration (external tools, textconv, colour). --binary puts binary content into the patch.
  await runGit(cwd, ["diff-index", "--patch", "--binary", base, "--"], (chunk) => hash.update(chunk));
  return hash.digest("hex");
}

async function untrackedHash(cwd: string): Promise<string> {
  const chunks: Buffer[] = [];
  await runGit(cwd, ["ls-files", "--others", "--exclude-standard", "-z"], (chunk) => chunks.push(chunk));
  const files = Buffer.concat(chunks).toString("utf8").split("\0").filter(Boolean);
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

/** Runs git with its output streamed to `onStdout`; resolves with the exit code if it is in `okCodes`. */
function runGit(cwd: string, args: string[], onStdout: (chunk: Buffer) => void, okCodes = [0]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    const stderr: Buffer[] = [];
    child.stdout.on("data", onStdout);
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== null && okCodes.includes(code)) resolve(code);
      else reject(new Error(`git ${args[0]} failed in ${cwd} (${code ?? "killed"}): ${Buffer.concat(stderr).toString().trim()}`));
    });
  });
}
