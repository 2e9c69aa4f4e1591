import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { TaskSetupError } from "../tasks/task-setup-error";
import { absolutePath } from "../paths";
import { git, gitMessage } from "./git-runner";
import { KeyedLock } from "./keyed-lock";

export interface PreparedRepository {
  /** The top of the working tree the worktree is added to. */
  path: string;
  /** True for a clone of a git URL, whose branches live under origin/. */
  cloned: boolean;
}

/** ssh://, https://, git://, file:// URLs and scp-like `user@host:path`. */
export function isGitUrl(repository: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(repository) || /^[\w.-]+@[\w.-]+:/.test(repository);
}

/** Where a git URL is cloned: a readable name plus a hash, so two URLs never share a folder. */
export function cloneFolderName(url: string): string {
  const base =
    url
      .replace(/\/+$/, "")
      .split(/[/:]/)
      .pop()!
      .replace(/\.git$/, "") || "repo";
  const hash = createHash("sha256").update(url).digest("hex").slice(0, 10);
  return `${base.replace(/[^\w.-]/g, "_")}-${hash}`;
}

const cloneLocks = new KeyedLock();

/**
 * Makes the contract's repository available on this machine: a local path is used as it is; a git
 * URL is cloned once into `reposDir` and fetched before later tasks.
 */
export async function prepareRepository(repository: string, reposDir: string): Promise<PreparedRepository> {
  if (isGitUrl(repository)) return prepareClone(repository, reposDir);
  const local = absolutePath(repository);
  if (!fs.existsSync(local)) throw new TaskSetupError(`Repository path does not exist: ${local}`);
  if (!fs.statSync(local).isDirectory()) throw new TaskSetupError(`Repository path is not a directory: ${local}`);
  let top: string;
  try {
    top = await topLevelOf(local);
  } catch {
    throw new TaskSetupError(`Not a git repository: ${local}`);
  }
  return { path: top, cloned: false };
}

/**
 * Where prepareRepository finds or puts the repository, without cloning or fetching: null when it is not on this
 * machine (no clone of the URL yet, or a local path that is missing or not in a git repository).
 */
export async function locateRepository(repository: string, reposDir: string): Promise<PreparedRepository | null> {
  if (isGitUrl(repository)) {
    const target = path.join(reposDir, cloneFolderName(repository));
    return fs.existsSync(path.join(target, ".git")) ? { path: target, cloned: true } : null;
  }
  const local = absolutePath(repository);
  if (!fs.statSync(local, { throwIfNoEntry: false })?.isDirectory()) return null;
  const top = await topLevelOf(local).catch(() => "");
  return top ? { path: top, cloned: false } : null;
}

async function prepareClone(url: string, reposDir: string): Promise<PreparedRepository> {
  const target = path.join(reposDir, cloneFolderName(url));
  return cloneLocks.run(target, async () => {
    try {
      if (fs.existsSync(path.join(target, ".git"))) {
        await git(target, ["fetch", "--prune", "origin"]);
      } else {
        fs.mkdirSync(reposDir, { recursive: true });
        fs.rmSync(target, { recursive: true, force: true });
        await git(process.cwd(), ["clone", "--", url, target]);
      }
    } catch (error) {
      throw new TaskSetupError(`Could not clone or fetch ${url}: ${gitMessage(error)}`);
    }
    return { path: target, cloned: true };
  });
}

/** The top folder of the working tree `folder` is in. */
async function topLevelOf(folder: string): Promise<string> {
  return (await git(folder, ["rev-parse", "--show-toplevel"])).stdout.trim();
}
