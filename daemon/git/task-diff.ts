import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { DiffFileStatus, TaskDiff, TaskDiffFile } from "../../lib/shared/protocol/worktree";
import { mainRepositoryOf } from "./cleanup";
import { commitOf, currentBranch, gitBytes, gitMessage, type GitOptions } from "./git-runner";
import type { PreparedRepository } from "./repository";

/** The diff cannot be read; the message says why. */
export class TaskDiffError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TaskDiffError";
  }
}

const DEFAULT_MAX_PATCH_BYTES = 2 * 1024 * 1024;

/**
 * A task's changes since its branch left the base branch (origin/<base> in a clone): the worktree's committed,
 * uncommitted and untracked work when its folder exists, else the branch's commits. Read-only: the worktree's
 * index and files are untouched (uncommitted work is staged into a temporary index).
 *
 * `repository` may be null when the worktree exists: its main repository is then found from the worktree and taken
 * as local, unless only origin/<base> exists there. Throws TaskDiffError.
 */
export async function readTaskDiff(input: {
  worktreePath: string | null;
  repository: PreparedRepository | null;
  branch: string | null;
  baseBranch: string;
  maxPatchBytes?: number;
}): Promise<TaskDiff> {
  try {
    return await readDiff(input, input.maxPatchBytes ?? DEFAULT_MAX_PATCH_BYTES);
  } catch (error) {
    if (error instanceof TaskDiffError) throw error;
    throw new TaskDiffError(`Could not read the task's diff: ${gitMessage(error)}`);
  }
}

async function readDiff(
  input: {
    worktreePath: string | null;
    repository: PreparedRepository | null;
    branch: string | null;
    baseBranch: string;
  },
  maxPatchBytes: number,
): Promise<TaskDiff> {
  const worktree =
    input.worktreePath && fs.existsSync(path.join(input.worktreePath, ".git")) ? input.worktreePath : null;
  const repository = input.repository ?? (worktree ? await inferRepository(worktree, input.baseBranch) : null);
  const branchTip =
    !worktree && repository && input.branch ? await commitOrNull(repository.path, `refs/heads/${input.branch}`) : null;
  if (!repository || (!worktree && !branchTip)) throw new TaskDiffError("The task's worktree and branch are gone");

  const cwd = worktree ?? repository.path;
  const baseRef = repository.cloned ? `refs/remotes/origin/${input.baseBranch}` : `refs/heads/${input.baseBranch}`;
  const baseTip = await commitOrNull(cwd, baseRef);
  if (!baseTip) {
    const shown = repository.cloned ? `origin/${input.baseBranch}` : input.baseBranch;
    throw new TaskDiffError(`Base branch "${shown}" not found in ${repository.path}`);
  }
  const head = branchTip ?? (await commitOrNull(cwd, "HEAD"));
  if (!head) throw new TaskDiffError(`The worktree ${cwd} has no commit checked out`);
  // Three-dot semantics: commits the base branch gained since do not show up as reverted.
  const mergeBase = await readGit(cwd, ["merge-base", baseTip, head]).then(
    ({ stdout }) => stdout.toString().trim(),
    () => "",
  );
  if (!mergeBase) throw new TaskDiffError(`The task's branch has no common history with ${input.baseBranch}`);

  const branch = input.branch ?? (worktree ? await branchOrNull(worktree) : null);
  const common = {
    source: worktree ? "worktree" : "branch",
    baseBranch: input.baseBranch,
    baseCommit: mergeBase,
    headCommit: head,
    branch,
  } as const;
  if (!worktree) return { ...common, ...(await diffAgainst(cwd, [mergeBase, head], {}, maxPatchBytes)) };
  return withTemporaryIndex(worktree, async (env) => {
    await readGit(worktree, ["add", "-A"], { env });
    return { ...common, ...(await diffAgainst(worktree, ["--cached", mergeBase], env, maxPatchBytes)) };
  });
}

/** Runs `work` with GIT_INDEX_FILE set to a copy of the worktree's index, so staging never touches the real one. */
async function withTemporaryIndex<T>(worktree: string, work: (env: Record<string, string>) => Promise<T>): Promise<T> {
  const folder = await fs.promises.mkdtemp(path.join(os.tmpdir(), "makima-diff-"));
  try {
    const env = { GIT_INDEX_FILE: path.join(folder, "index") };
    const realIndex = (await readGit(worktree, ["rev-parse", "--path-format=absolute", "--git-path", "index"])).stdout
      .toString()
      .trim();
    // A copy keeps the stat data, so `add -A` only hashes files that changed.
    await fs.promises
      .copyFile(realIndex, env.GIT_INDEX_FILE)
      .catch(() => readGit(worktree, ["read-tree", "HEAD"], { env }));
    return await work(env);
  } finally {
    await fs.promises.rm(folder, { recursive: true, force: true });
  }
}

async function diffAgainst(
  cwd: string,
  range: string[],
  env: Record<string, string>,
  maxPatchBytes: number,
): Promise<Pick<TaskDiff, "files" | "patch" | "truncated">> {
  // Fixed options, whatever the user's diff configuration: no external tools, no colour, the usual a/ b/ prefixes.
  const diff = (...options: string[]) => [
    "-c",
    "core.quotePath=false",
    "diff",
    "--find-renames",
    "--no-ext-diff",
    "--no-textconv",
    "--no-color",
    "--no-relative",
    ...options,
    ...range,
    "--",
  ];
  const numstat = await readGit(cwd, diff("--numstat", "-z"), { env });
  const nameStatus = await readGit(cwd, diff("--name-status", "-z"), { env });
  const patch = await readGit(cwd, diff("--src-prefix=a/", "--dst-prefix=b/"), { env, maxBytes: maxPatchBytes });
  const truncated = patch.stdout.length > maxPatchBytes;
  const kept = truncated
    ? patch.stdout.subarray(0, patch.stdout.lastIndexOf(0x0a, maxPatchBytes - 1) + 1)
    : patch.stdout;
  return {
    files: diffFiles(nameStatus.stdout.toString(), numstat.stdout.toString()),
    patch: kept.toString(),
    truncated,
  };
}

const STATUSES: Record<string, DiffFileStatus> = {
  A: "added",
  M: "modified",
  D: "deleted",
  R: "renamed",
  C: "copied",
  T: "typechange",
};

/** Joins `--name-status -z` (status, old path) with `--numstat -z` (line counts), both keyed by the new path. */
function diffFiles(nameStatus: string, numstat: string): TaskDiffFile[] {
  const counts = new Map<string, { additions: number; deletions: number; binary: boolean }>();
  const stats = numstat.split("\0");
  for (let i = 0; i < stats.length; i++) {
    if (!stats[i]) continue;
    const [added, deleted, ...rest] = stats[i].split("\t");
    let file = rest.join("\t");
    // A rename or copy leaves the path empty and puts the old and new paths in the next two fields.
    if (file === "") file = stats[(i += 2)];
    const binary = added === "-";
    counts.set(file, { additions: binary ? 0 : Number(added), deletions: binary ? 0 : Number(deleted), binary });
  }
  const files: TaskDiffFile[] = [];
  const fields = nameStatus.split("\0");
  for (let i = 0; i < fields.length && fields[i]; ) {
    const letter = fields[i++][0];
    const oldPath = letter === "R" || letter === "C" ? fields[i++] : null;
    const file = fields[i++];
    files.push({
      path: file,
      oldPath,
      status: STATUSES[letter] ?? "modified",
      ...(counts.get(file) ?? { additions: 0, deletions: 0, binary: false }),
    });
  }
  return files;
}

async function inferRepository(worktree: string, baseBranch: string): Promise<PreparedRepository> {
  const repositoryPath = await mainRepositoryOf(worktree);
  const local = await commitOrNull(repositoryPath, `refs/heads/${baseBranch}`);
  const remote = await commitOrNull(repositoryPath, `refs/remotes/origin/${baseBranch}`);
  return { path: repositoryPath, cloned: !local && !!remote };
}

/** No optional locks: reading must not refresh the real index behind the user's back. */
const READ_ONLY = { GIT_OPTIONAL_LOCKS: "0" };

/** Git for reading the task's changes: its output as bytes, never taking the optional locks. */
function readGit(cwd: string, args: string[], options: GitOptions = {}) {
  return gitBytes(cwd, args, { ...options, env: { ...READ_ONLY, ...options.env } });
}

function commitOrNull(cwd: string, ref: string): Promise<string | null> {
  return commitOf(cwd, ref, { env: READ_ONLY }).catch(() => null);
}

function branchOrNull(worktree: string): Promise<string | null> {
  return currentBranch(worktree, { env: READ_ONLY }).catch(() => null);
}
