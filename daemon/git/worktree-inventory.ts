import fs from "node:fs";
import path from "node:path";
import type { WorktreeFolder } from "../../lib/shared/protocol/worktree";
import { currentBranch } from "./git-runner";

/** True when `candidate` is `folder` itself or lies below it. Both should be absolute, resolved paths. */
export function isInsideFolder(folder: string, candidate: string): boolean {
  const relative = path.relative(folder, candidate);
  return relative === "" || (relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/**
 * Bytes on disk of everything under `dir` (allocated blocks where the platform reports them, else the size).
 * Symlinks are not followed, hard links are counted once, unreadable entries are skipped; a missing dir is 0.
 */
export async function directorySize(dir: string): Promise<number> {
  let total = 0;
  const seen = new Set<string>();
  // An explicit stack: node_modules-deep trees would otherwise mean deep promise recursion.
  const pending = [dir];
  while (pending.length) {
    const current = pending.pop()!;
    let names: string[];
    try {
      names = await fs.promises.readdir(current);
    } catch {
      continue;
    }
    const stats = await Promise.all(
      names.map((name) => {
        const entry = path.join(current, name);
        return fs.promises.lstat(entry).then(
          (stat) => ({ entry, stat }),
          () => null,
        );
      }),
    );
    for (const item of stats) {
      if (!item) continue;
      const { entry, stat } = item;
      if (stat.isDirectory()) pending.push(entry);
      if (stat.nlink > 1 && !stat.isDirectory()) {
        const key = `${stat.dev}:${stat.ino}`;
        if (seen.has(key)) continue;
        seen.add(key);
      }
      total += Number.isFinite(stat.blocks) ? stat.blocks * 512 : stat.size;
    }
  }
  return total;
}

/** Every direct subfolder of `worktreesDir` with its checked-out branch and size; [] when the folder is missing. */
export async function listWorktreeFolders(worktreesDir: string): Promise<WorktreeFolder[]> {
  const root = path.resolve(worktreesDir);
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(root, { withFileTypes: true });
  } catch {
    return [];
  }
  const folders = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(root, entry.name))
    .sort();
  return Promise.all(
    folders.map(async (folder) => ({
      path: folder,
      branch: await checkedOutBranch(folder, root),
      sizeBytes: await directorySize(folder),
    })),
  );
}

/** The branch checked out in `folder`; null when it is detached or not a git worktree of its own. */
function checkedOutBranch(folder: string, parent: string): Promise<string | null> {
  // The ceiling stops git from answering for a repository that merely contains the worktrees folder.
  return currentBranch(folder, { env: { GIT_CEILING_DIRECTORIES: parent, GIT_OPTIONAL_LOCKS: "0" } }).catch(() => null);
}
