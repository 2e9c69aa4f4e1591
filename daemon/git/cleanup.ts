import fs from "node:fs";
import path from "node:path";
import { worktreePrefix } from "../../lib/shared/worktree-name";
import { git, gitMessage, hasBranch } from "./git-runner";
import { KeyedLock } from "./keyed-lock";

export interface CleanupResult {
  success: boolean;
  /** There was no worktree to remove (a success). */
  alreadyGone: boolean;
  message: string;
}

export const SAVE_COMMIT_MESSAGE = "makima: uncommitted work saved at clean-up";

/**
 * The worktree folder of a task: the entry of worktreesDir named `<first 8 characters of the task id without dashes>-…`
 * (see taskBranchName). The daemon forgets finished tasks, so clean-up finds their folder by name.
 */
export function findTaskWorktree(worktreesDir: string, taskId: string): string | null {
  const prefix = worktreePrefix(taskId);
  if (prefix.length < 2) return null;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(worktreesDir, { withFileTypes: true });
  } catch {
    return null;
  }
  const match = entries
    .filter((entry) => entry.isDirectory() && entry.name.startsWith(prefix))
    .sort((a, b) => a.name.localeCompare(b.name))[0];
  return match ? path.join(worktreesDir, match.name) : null;
}

const cleanupLocks = new KeyedLock();

/** The main repository of a worktree: the parent of the common .git folder (or the bare repository itself). */
export async function mainRepositoryOf(worktreePath: string): Promise<string> {
  const commonDir = (await git(worktreePath, ["rev-parse", "--git-common-dir"])).stdout.trim();
  const absolute = path.resolve(worktreePath, commonDir);
  return path.basename(absolute) === ".git" ? path.dirname(absolute) : absolute;
}

function realPath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    // The folder is gone: resolve what still exists.
    try {
      return path.join(fs.realpathSync(path.dirname(p)), path.basename(p));
    } catch {
      return path.resolve(p);
    }
  }
}

async function listedWorktrees(repository: string): Promise<string[]> {
  const { stdout } = await git(repository, ["worktree", "list", "--porcelain"]);
  return stdout
    .split("\n")
    .filter((line) => line.startsWith("worktree "))
    .map((line) => realPath(line.slice("worktree ".length)));
}

/**
 * Main repositories that may still list a worktree whose folder is gone: the given one, else those of the other
 * worktrees in the same folder (git keeps no link from a deleted folder to its repository).
 */
async function candidateRepositories(worktreePath: string, repositoryPath?: string): Promise<string[]> {
  if (repositoryPath) return [repositoryPath];
  const parent = path.dirname(worktreePath);
  let siblings: string[] = [];
  try {
    siblings = fs
      .readdirSync(parent, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(parent, entry.name, ".git")))
      .map((entry) => path.join(parent, entry.name));
  } catch {
    return [];
  }
  const repositories = new Set<string>();
  for (const sibling of siblings) {
    const repository = await mainRepositoryOf(sibling).catch(() => null);
    if (repository) repositories.add(repository);
  }
  return [...repositories];
}

async function cleanupGoneWorktree(
  worktreePath: string,
  deleteBranch: boolean,
  repositoryPath?: string,
): Promise<CleanupResult> {
  const target = realPath(worktreePath);
  const notes: string[] = [];
  for (const repository of await candidateRepositories(worktreePath, repositoryPath)) {
    try {
      await cleanupLocks.run(realPath(repository), async () => {
        const listed = await listedWorktrees(repository);
        if (!listed.includes(target)) return;
        await git(repository, ["worktree", "prune"]);
        notes.push("stale entry pruned");
        if (deleteBranch) {
          const branch = `makima/${path.basename(worktreePath)}`;
          if (await hasBranch(repository, branch)) {
            await git(repository, ["branch", "-D", branch]);
            notes.push(`branch ${branch} deleted`);
          }
        }
      });
    } catch {
      // Best effort: the worktree itself is gone, which is what was asked.
    }
  }
  return {
    success: true,
    alreadyGone: true,
    message: notes.length ? `Worktree already gone (${notes.join("; ")})` : "Worktree already gone",
  };
}

/** `-c` settings for an identity when the repository has none, so commits made for the user never fail on it. */
export async function fallbackIdentity(cwd: string): Promise<string[]> {
  const setting = (name: string) =>
    git(cwd, ["config", name]).then(
      ({ stdout }) => stdout.trim(),
      () => "",
    );
  const name = await setting("user.name");
  const email = await setting("user.email");
  return [...(name ? [] : ["user.name=Makima"]), ...(email ? [] : ["user.email=makima@localhost"])];
}

/** Commits everything not ignored in the worktree; returns the short sha, or null when there was nothing to commit. */
export async function commitAllWork(worktreePath: string, message: string): Promise<string | null> {
  const status = (await git(worktreePath, ["status", "--porcelain"])).stdout;
  if (!status.trim()) return null;
  const config = await fallbackIdentity(worktreePath);
  await git(worktreePath, ["add", "-A"], { config });
  await git(worktreePath, ["commit", "--no-verify", "-q", "-m", message], { config });
  return (await git(worktreePath, ["rev-parse", "--short", "HEAD"])).stdout.trim();
}

/**
 * Removes a task's worktree (`git worktree remove --force`, then prune) and deletes its branch when asked.
 * Uncommitted work is first committed on the task's branch unless that branch is being deleted.
 * A missing folder is a success ("Worktree already gone"). Never throws.
 *
 * repositoryPath is optional: it lets a folder deleted by hand still be pruned from its repository's list; without it
 * the repositories of the other worktrees in the same folder are tried.
 */
export async function cleanupTaskWorktree(input: {
  worktreePath: string | null;
  deleteBranch: boolean;
  repositoryPath?: string;
}): Promise<CleanupResult> {
  const { worktreePath, deleteBranch } = input;
  try {
    if (!worktreePath || !fs.existsSync(worktreePath)) {
      if (!worktreePath) return { success: true, alreadyGone: true, message: "Worktree already gone" };
      return await cleanupGoneWorktree(worktreePath, deleteBranch, input.repositoryPath);
    }
    const repository = input.repositoryPath ?? (await mainRepositoryOf(worktreePath));
    return await cleanupLocks.run(realPath(repository), async () => {
      const branch = (await git(worktreePath, ["rev-parse", "--abbrev-ref", "HEAD"])).stdout.trim();
      const onBranch = branch !== "" && branch !== "HEAD";
      const parts: string[] = [];
      if (!deleteBranch) {
        if (!onBranch && (await git(worktreePath, ["status", "--porcelain"])).stdout.trim()) {
          return {
            success: false,
            alreadyGone: false,
            message:
              "Failed to remove worktree: it has uncommitted changes on a detached HEAD (no branch to save them on)",
          };
        }
        const sha = await commitAllWork(worktreePath, SAVE_COMMIT_MESSAGE);
        if (sha) parts.push(`saved uncommitted work in commit ${sha} on ${branch}`);
      }
      await git(repository, ["worktree", "remove", "--force", worktreePath]);
      await git(repository, ["worktree", "prune"]);
      let message = `Worktree removed: ${worktreePath}`;
      if (onBranch) {
        if (deleteBranch) {
          await git(repository, ["branch", "-D", branch]);
          message += `; branch ${branch} deleted`;
        } else {
          message += `; branch ${branch} kept`;
        }
      }
      if (parts.length) message += `; ${parts.join("; ")}`;
      return { success: true, alreadyGone: false, message };
    });
  } catch (error) {
    return { success: false, alreadyGone: false, message: `Failed to remove worktree: ${gitMessage(error)}` };
  }
}
