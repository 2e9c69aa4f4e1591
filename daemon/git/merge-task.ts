import fs from "node:fs";
import path from "node:path";
import type { MergeResult } from "../../lib/shared/protocol/worktree";
import { commitAllWork, fallbackIdentity } from "./cleanup";
import { commitOf, currentBranch, git, gitMessage, type GitOptions } from "./git-runner";
import { KeyedLock } from "./keyed-lock";
import type { PreparedRepository } from "./repository";

/**
 * What becomes of a finished task's branch: merged into a target branch (the contract's completion action and
 * `makima supervisor merge`) or kept (pushed to origin for a clone). The worktree's uncommitted work is committed on
 * the branch first.
 */

/** A task's branch, and the worktree whose uncommitted work belongs on it. */
export interface TaskBranch {
  /** null, or a folder that is gone: the branch's commits are all there is to use. */
  worktreePath: string | null;
  branch: string;
  repository: PreparedRepository;
  taskName: string;
}

/** The branch cannot be used at all: its repository or the branch is missing, or its worktree is on another branch. */
export class TaskBranchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TaskBranchError";
  }
}

/** A merge's outcome before it is labelled with its target and kind. */
type MergeOutcome = Omit<MergeResult, "targetBranch" | "squash">;

const branchLocks = new KeyedLock();

/** How many squashed commits a squash commit's message lists. */
const SQUASH_LISTED_COMMITS = 100;

/** For the commands whose exit code and error output make the outcome's message. */
const ANY_CODE: GitOptions = { okCodes: "any" };
/** Talking to origin; no prompts: a push needing credentials fails instead of hanging the daemon. */
const REMOTE: GitOptions = { ...ANY_CODE, env: { GIT_TERMINAL_PROMPT: "0" } };

/**
 * Merges the task's branch into `targetBranch` (origin's, then pushed, for a clone): a merge commit, or with `squash`
 * one commit whose single parent is the target's tip. A target checked out in a clean worktree is advanced there, so
 * its files follow; one with uncommitted changes is not merged. A conflict is reported, never forced: the target and
 * every worktree stay as they were. Git's errors are failed outcomes; throws only TaskBranchError.
 */
export async function mergeTaskBranch(
  input: TaskBranch & { targetBranch: string },
  { squash }: { squash: boolean },
): Promise<MergeResult> {
  const merge = await onTaskBranch(input, "Merge", () => mergeInto(input, squash));
  return { ...merge, targetBranch: input.targetBranch, squash };
}

/** Keeps the task's branch, pushing it to origin for a clone. Git's errors are failed outcomes; throws only TaskBranchError. */
export async function keepTaskBranch(input: TaskBranch): Promise<{ outcome: "kept" | "failed"; message: string }> {
  return onTaskBranch(input, "Keeping the branch", async () => {
    const { repository, branch } = input;
    const short = await shortSha(repository.path, `refs/heads/${branch}`);
    if (!repository.cloned) return { outcome: "kept" as const, message: `Branch ${branch} kept (${short})` };
    const push = await git(
      repository.path,
      ["push", "--quiet", "origin", `refs/heads/${branch}:refs/heads/${branch}`],
      REMOTE,
    );
    if (push.code !== 0) return failed(`Could not push ${branch} to origin: ${errorText(push.stderr)}`);
    return { outcome: "kept" as const, message: `Branch ${branch} pushed to origin (${short})` };
  });
}

/**
 * Runs `use` once the worktree's uncommitted work is committed on the branch (its message then says so), one at a
 * time per repository: two merges into one target must not race. A git error is a failed outcome ("<what> failed: …").
 */
async function onTaskBranch<T extends { message: string }>(
  task: TaskBranch,
  what: string,
  use: () => Promise<T>,
): Promise<T | Failed> {
  if (!fs.existsSync(task.repository.path)) throw new TaskBranchError(`Repository ${task.repository.path} not found`);
  try {
    return await branchLocks.run(task.repository.path, async () => {
      const saved = await commitTaskWork(task);
      const outcome = await use();
      return saved ? { ...outcome, message: `${outcome.message}; uncommitted work committed in ${saved}` } : outcome;
    });
  } catch (error) {
    if (error instanceof TaskBranchError) throw error;
    return failed(`${what} failed: ${gitMessage(error)}`);
  }
}

/** Commits the worktree's uncommitted work on the task's branch: the new commit's short sha, null when there was none. */
async function commitTaskWork({ worktreePath, branch, repository, taskName }: TaskBranch): Promise<string | null> {
  if (!(await commitOf(repository.path, `refs/heads/${branch}`)))
    throw new TaskBranchError(`Branch ${branch} not found`);
  // A folder that is gone (or no longer a worktree) leaves the branch's commits, which is all there is to use.
  if (!worktreePath || !fs.existsSync(path.join(worktreePath, ".git"))) return null;
  const current = await currentBranch(worktreePath);
  if (current !== branch) {
    throw new TaskBranchError(
      `The worktree ${worktreePath} is on ${current || "a detached HEAD"}, not on ${branch}; nothing done`,
    );
  }
  return commitAllWork(worktreePath, `makima: work of task "${taskName}"`);
}

/**
 * The merge is always computed apart (merge-tree, commit-tree), so a conflict never touches a worktree; the new commit
 * is a child of the target's tip, which then moves to it: pushed to origin, fast-forwarded in the worktree that has the
 * target checked out, or by a compare-and-swap of the ref.
 */
async function mergeInto(input: TaskBranch & { targetBranch: string }, squash: boolean): Promise<MergeOutcome> {
  const { repository, branch, taskName, targetBranch: target } = input;
  const cwd = repository.path;
  const shownTarget = repository.cloned ? `origin/${target}` : target;
  const targetTip = await targetTipOf(repository, target);
  if (typeof targetTip !== "string") return targetTip;
  const branchTip = (await commitOf(cwd, `refs/heads/${branch}`))!;
  const ahead = Number((await git(cwd, ["rev-list", "--count", `${targetTip}..${branchTip}`])).stdout.trim());
  if (ahead === 0) return nothing(`Nothing to merge: ${branch} has no commits that ${shownTarget} lacks`);

  const checkedOutIn = repository.cloned ? null : await worktreeOnBranch(cwd, target);
  if (checkedOutIn && (await git(checkedOutIn, ["status", "--porcelain", "--untracked-files=no"])).stdout.trim()) {
    return failed(`Target branch ${target} is checked out in ${checkedOutIn} with uncommitted changes; not merged`);
  }
  const tree = await git(
    cwd,
    ["merge-tree", "--write-tree", "--name-only", "--no-messages", "-z", targetTip, branchTip],
    { okCodes: [0, 1] },
  );
  const [treeId, ...conflicts] = tree.stdout.split("\0").filter(Boolean);
  if (tree.code === 1) return conflict(conflicts, shownTarget);
  // A squash leaves the branch unmerged, so squashing it again finds commits but no change to bring.
  if (squash && treeId === (await git(cwd, ["rev-parse", `${targetTip}^{tree}`])).stdout.trim()) {
    return nothing(`Nothing to merge: ${shownTarget} already has the changes of ${branch}`);
  }

  const subject = `makima: ${squash ? "squash" : "merge"} ${branch} (${taskName})`;
  const message = squash ? `${subject}\n\n${await squashedCommits(cwd, targetTip, branchTip, ahead)}` : subject;
  const identity = await fallbackIdentity(cwd);
  const parents = (squash ? [targetTip] : [targetTip, branchTip]).flatMap((parent) => ["-p", parent]);
  const commit = (
    await git(cwd, ["commit-tree", treeId, ...parents, "-m", message], { config: identity })
  ).stdout.trim();
  const failure = await moveTarget(repository, target, checkedOutIn, {
    from: targetTip,
    to: commit,
    subject,
    identity,
  });
  if (failure) return failed(failure);
  const short = await shortSha(cwd, commit);
  return {
    outcome: "merged",
    message: `${squash ? "Squashed" : "Merged"} ${branch} into ${shownTarget} (${short})`,
    conflicts: [],
    commit,
  };
}

/** Moves the target from its tip to the new commit, a child of it: why it could not, or null. */
async function moveTarget(
  repository: PreparedRepository,
  target: string,
  checkedOutIn: string | null,
  move: { from: string; to: string; subject: string; identity: string[] },
): Promise<string | null> {
  if (repository.cloned) {
    const push = await git(repository.path, ["push", "--quiet", "origin", `${move.to}:refs/heads/${target}`], REMOTE);
    return push.code === 0 ? null : `Could not push the merge to origin/${target}: ${errorText(push.stderr)}`;
  }
  if (checkedOutIn) {
    // A fast-forward has the worktree's files follow, and fails if its branch moved meanwhile.
    const merge = await git(checkedOutIn, ["merge", "--ff-only", "--quiet", move.to], {
      ...ANY_CODE,
      config: move.identity,
    });
    return merge.code === 0
      ? null
      : `Could not update ${target} in ${checkedOutIn}: ${errorText(merge.stderr || merge.stdout)}; not merged`;
  }
  // Compare-and-swap: if someone moved the target meanwhile, update-ref fails instead of losing their commit.
  const update = await git(
    repository.path,
    ["update-ref", "-m", move.subject, `refs/heads/${target}`, move.to, move.from],
    ANY_CODE,
  );
  return update.code === 0 ? null : `Could not update ${target}: ${errorText(update.stderr)}; not merged`;
}

/** The target branch's tip: origin's, fetched now, for a clone (or the push would not be a fast-forward). */
async function targetTipOf(repository: PreparedRepository, target: string): Promise<string | Failed> {
  if (!repository.cloned)
    return (await commitOf(repository.path, `refs/heads/${target}`)) ?? failed(`Target branch ${target} not found`);
  const fetch = await git(
    repository.path,
    ["fetch", "--quiet", "origin", `+refs/heads/${target}:refs/remotes/origin/${target}`],
    REMOTE,
  );
  if (fetch.code === 0) return (await commitOf(repository.path, `refs/remotes/origin/${target}`))!;
  // Fetching a branch origin lacks fails too: say so plainly.
  const listed = await git(
    repository.path,
    ["ls-remote", "--exit-code", "--heads", "origin", `refs/heads/${target}`],
    REMOTE,
  );
  if (listed.code === 2) return failed(`Target branch origin/${target} not found`);
  return failed(`Could not fetch ${target} from origin: ${errorText(fetch.stderr)}`);
}

/** The subjects of the squashed commits, for the squash commit's message: the newest ones, the rest counted. */
async function squashedCommits(cwd: string, targetTip: string, branchTip: string, count: number): Promise<string> {
  const range = `${targetTip}..${branchTip}`;
  const subjects = (
    await git(cwd, ["log", "--reverse", "--format=* %s", "-n", String(SQUASH_LISTED_COMMITS), range])
  ).stdout.trim();
  return count > SQUASH_LISTED_COMMITS ? `${subjects}\n(and ${count - SQUASH_LISTED_COMMITS} older commits)` : subjects;
}

/** The folder of the worktree (the main one included) that has `branch` checked out, if its folder still exists. */
async function worktreeOnBranch(repository: string, branch: string): Promise<string | null> {
  const listing = (await git(repository, ["worktree", "list", "--porcelain", "-z"])).stdout;
  let folder: string | null = null;
  for (const line of listing.split("\0")) {
    if (line.startsWith("worktree ")) folder = line.slice("worktree ".length);
    else if (line === `branch refs/heads/${branch}` && folder && fs.existsSync(folder)) return folder;
  }
  return null;
}

function nothing(message: string): MergeOutcome {
  return { outcome: "nothing", message, conflicts: [], commit: null };
}

function conflict(conflicts: string[], target: string): MergeOutcome {
  const listed = conflicts.slice(0, 1000);
  return {
    outcome: "conflict",
    message:
      `Merge conflict in ${conflicts.length} file(s): ${listed.slice(0, 20).join(", ")}${conflicts.length > 20 ? ", …" : ""}; ${target} left unchanged`.slice(
        0,
        10_000,
      ),
    conflicts: listed,
    commit: null,
  };
}

type Failed = ReturnType<typeof failed>;

function failed(message: string) {
  return { outcome: "failed" as const, message: message.slice(0, 10_000), conflicts: [] as string[], commit: null };
}

/** Git's error output without its hints, on one line. */
function errorText(output: string): string {
  return output
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("hint:"))
    .join(" ");
}

async function shortSha(cwd: string, ref: string): Promise<string> {
  return (await git(cwd, ["rev-parse", "--short", ref])).stdout.trim();
}
