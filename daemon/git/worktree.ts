import fs from "node:fs";
import path from "node:path";
import { worktreePrefix } from "../../lib/shared/worktree-name";
import { TaskSetupError } from "../tasks/task-setup-error";
import { commitOf, git, gitMessage, hasBranch } from "./git-runner";
import { KeyedLock } from "./keyed-lock";
import type { PreparedRepository } from "./repository";

export interface TaskWorktree {
  path: string;
  branch: string;
}

/** Lower-case words joined by dashes, at most 40 characters: "Fix the login bug!" → "fix-the-login-bug". */
export function slugify(text: string): string {
  const slug = text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return slug || "task";
}

/** `makima/<first 8 characters of the task id>-<slug of its name>`. */
export function taskBranchName(taskId: string, taskName: string): string {
  return `makima/${worktreePrefix(taskId)}${slugify(taskName)}`;
}

const worktreeLocks = new KeyedLock();

/**
 * Adds a worktree for the task on a new branch made from the base branch (origin/<base> in a clone). A worktree left
 * by an earlier run of the same task is reused; one whose folder is gone is made again from the task's branch (the
 * branch from origin in a clone that lacks it: a task restarted on another daemon goes on from what was pushed).
 */
export async function createTaskWorktree(input: {
  repository: PreparedRepository;
  worktreesDir: string;
  taskId: string;
  taskName: string;
  baseBranch: string;
}): Promise<TaskWorktree> {
  const branch = taskBranchName(input.taskId, input.taskName);
  const worktreePath = path.join(input.worktreesDir, branch.slice("makima/".length));
  const repository = input.repository.path;
  return worktreeLocks.run(repository, async () => {
    if (fs.existsSync(worktreePath)) {
      const current = await git(worktreePath, ["rev-parse", "--abbrev-ref", "HEAD"]).then(
        ({ stdout }) => stdout.trim(),
        () => "",
      );
      if (current === branch) return { path: worktreePath, branch };
      throw new TaskSetupError(`Worktree folder ${worktreePath} already exists and is not on branch ${branch}`);
    }
    const pushedBranch = input.repository.cloned && (await commitOf(repository, `origin/${branch}`).catch(() => null));
    const startPoint = pushedBranch
      ? `origin/${branch}`
      : input.repository.cloned
        ? `origin/${input.baseBranch}`
        : input.baseBranch;
    const commit = await commitOf(repository, startPoint).catch(() => null);
    if (!commit) throw new TaskSetupError(`Base branch "${input.baseBranch}" not found in ${repository}`);
    fs.mkdirSync(input.worktreesDir, { recursive: true });
    const branchExists = await hasBranch(repository, branch);
    // A worktree whose folder was deleted is still registered: git refuses to add it again until it is pruned.
    if (branchExists) await git(repository, ["worktree", "prune"]);
    try {
      await git(
        repository,
        branchExists
          ? ["worktree", "add", worktreePath, branch]
          : ["worktree", "add", "-b", branch, worktreePath, startPoint],
      );
    } catch (error) {
      throw new TaskSetupError(`Could not add a worktree: ${gitMessage(error)}`);
    }
    return { path: worktreePath, branch };
  });
}
