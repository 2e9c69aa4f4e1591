import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { CompletionAction, CompletionActionResult } from "../../lib/protocol/worktree";
import { commitAllWork, fallbackIdentity } from "./cleanup";
import { KeyedLock } from "./keyed-lock";
import { gitMessage, type PreparedRepository } from "./repository";

export interface CompletionInput {
  action: CompletionAction;
  worktreePath: string;
  branch: string;
  repository: PreparedRepository;
  targetBranch: string;
  taskName: string;
}

type Outcome = Omit<CompletionActionResult, "action">;

const mergeLocks = new KeyedLock();

/**
 * Does what the contract asks with a finished task's branch: nothing, keep it (pushed to origin for a clone) or merge
 * it into the target branch (pushed for a clone). Uncommitted work is committed on the branch first. A conflict is
 * reported, never forced, and leaves no merge in progress. Never throws.
 */
export async function applyCompletionAction(input: CompletionInput): Promise<CompletionActionResult> {
  const { action } = input;
  if (action === "none") return { action, outcome: "nothing", message: "No completion action", conflicts: [] };
  if (!fs.existsSync(input.repository.path)) return { action, ...failed(`Repository ${input.repository.path} not found`) };
  try {
    // One completion at a time per repository: two merges into one target must not race.
    const result = await mergeLocks.run(input.repository.path, async () => {
      const work = await commitTaskWork(input);
      if ("failure" in work) return failed(work.failure);
      const outcome = action === "keep_branch" ? await keepBranch(input) : await merge(input);
      return work.saved ? { ...outcome, message: `${outcome.message}; uncommitted work committed in ${work.saved}` } : outcome;
    });
    return { action, ...result };
  } catch (error) {
    return { action, ...failed(`${action === "merge" ? "Merge" : "Keeping the branch"} failed: ${gitMessage(error)}`) };
  }
}

/** Commits the worktree's uncommitted work on the task's branch: the new commit's short sha, or why it could not. */
async function commitTaskWork(input: CompletionInput): Promise<{ saved: string | null } | { failure: string }> {
  if (!(await commitOf(input.repository.path, `refs/heads/${input.branch}`))) return { failure: `Branch ${input.branch} not found` };
  // A folder that is gone (or no longer a worktree) leaves the branch's commits, which is all there is to use.
  if (!fs.existsSync(path.join(input.worktreePath, ".git"))) return { saved: null };
  const current = (await git(input.worktreePath, ["symbolic-ref", "--quiet", "--short", "HEAD"], [0, 1])).stdout.trim();
  if (current !== input.branch) {
    return { failure: `The worktree ${input.worktreePath} is on ${current || "a detached HEAD"}, not on ${input.branch}; nothing done` };
  }
  return { saved: await commitAllWork(input.worktreePath, `makima: work of task "${input.taskName}"`) };
}

async function keepBranch({ repository, branch }: CompletionInput): Promise<Outcome> {
  const short = await shortSha(repository.path, `refs/heads/${branch}`);
  if (!repository.cloned) return { outcome: "kept", message: `Branch ${branch} kept (${short})`, conflicts: [] };
  const push = await git(repository.path, ["push", "--quiet", "origin", `refs/heads/${branch}:refs/heads/${branch}`], null);
  if (push.code !== 0) return failed(`Could not push ${branch} to origin: ${errorText(push.stderr)}`);
  return { outcome: "kept", message: `Branch ${branch} pushed to origin (${short})`, conflicts: [] };
}

async function merge(input: CompletionInput): Promise<Outcome> {
  const { repository, branch, targetBranch: target } = input;
  const cwd = repository.path;
  if (repository.cloned) {
    // Merge onto what origin has now, or the push would be refused as not a fast-forward.
    const fetch = await git(cwd, ["fetch", "--quiet", "origin", `+refs/heads/${target}:refs/remotes/origin/${target}`], null);
    if (fetch.code !== 0) return failed(`Could not fetch ${target} from origin: ${errorText(fetch.stderr)}`);
  }
  const targetRef = repository.cloned ? `refs/remotes/origin/${target}` : `refs/heads/${target}`;
  const shownTarget = repository.cloned ? `origin/${target}` : target;
  const targetTip = await commitOf(cwd, targetRef);
  if (!targetTip) return failed(`Target branch ${shownTarget} not found`);
  const branchTip = (await commitOf(cwd, `refs/heads/${branch}`))!;
  const ahead = (await git(cwd, ["rev-list", "--count", `${targetTip}..${branchTip}`])).stdout.trim();
  if (ahead === "0") {
    return { outcome: "nothing", message: `Nothing to merge: ${branch} has no commits that ${shownTarget} lacks`, conflicts: [] };
  }
  const message = `makima: merge ${branch} (${input.taskName})`;

  const checkedOutIn = repository.cloned ? null : await worktreeOnBranch(cwd, target);
  if (checkedOutIn) return mergeInWorktree(checkedOutIn, target, branch, message);

  const tree = await git(cwd, ["merge-tree", "--write-tree", "--name-only", "--no-messages", "-z", targetTip, branchTip], [0, 1]);
  const [treeId, ...conflicts] = tree.stdout.split("\0").filter(Boolean);
  if (tree.code === 1) return conflict(conflicts, shownTarget);
  const identity = configArgs(await fallbackIdentity(cwd));
  const commit = (await git(cwd, [...identity, "commit-tree", treeId, "-p", targetTip, "-p", branchTip, "-m", message])).stdout.trim();
  const short = await shortSha(cwd, commit);
  if (repository.cloned) {
    const push = await git(cwd, ["push", "--quiet", "origin", `${commit}:refs/heads/${target}`], null);
    if (push.code !== 0) return failed(`Could not push the merge to origin/${target}: ${errorText(push.stderr)}`);
    return { outcome: "merged", message: `Merged ${branch} into origin/${target} (${short})`, conflicts: [] };
  }
  // Compare-and-swap: if someone moved the target meanwhile, update-ref fails instead of losing their commit.
  await git(cwd, ["update-ref", "-m", message, `refs/heads/${target}`, commit, targetTip]);
  return { outcome: "merged", message: `Merged ${branch} into ${target} (${short})`, conflicts: [] };
}

/** A target checked out somewhere is merged there, so that worktree's files follow its branch. */
async function mergeInWorktree(worktree: string, target: string, branch: string, message: string): Promise<Outcome> {
  const dirty = (await git(worktree, ["status", "--porcelain", "--untracked-files=no"])).stdout.trim();
  if (dirty) return failed(`Target branch ${target} is checked out in ${worktree} with uncommitted changes; not merged`);
  const identity = configArgs(await fallbackIdentity(worktree));
  const result = await git(worktree, [...identity, "merge", "--no-ff", "--no-edit", "--no-verify", "-m", message, branch], null);
  if (result.code !== 0) {
    const conflicts = (await git(worktree, ["diff", "--name-only", "--diff-filter=U", "-z"])).stdout.split("\0").filter(Boolean);
    // Only a merge this call started is aborted; `merge` refusing to start leaves nothing to undo.
    if ((await commitOf(worktree, "MERGE_HEAD")) !== null) await git(worktree, ["merge", "--abort"]);
    if (conflicts.length) return conflict(conflicts, target);
    return failed(`Could not merge ${branch} into ${target} in ${worktree}: ${errorText(result.stderr || result.stdout)}`);
  }
  const short = await shortSha(worktree, "HEAD");
  return { outcome: "merged", message: `Merged ${branch} into ${target} (${short})`, conflicts: [] };
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

function conflict(conflicts: string[], target: string): Outcome {
  const listed = conflicts.slice(0, 1000);
  return {
    outcome: "conflict",
    message: `Merge conflict in ${conflicts.length} file(s): ${listed.slice(0, 20).join(", ")}${conflicts.length > 20 ? ", …" : ""}; ${target} left unchanged`.slice(0, 10_000),
    conflicts: listed,
  };
}

function failed(message: string): Outcome {
  return { outcome: "failed", message: message.slice(0, 10_000), conflicts: [] };
}

/** Git's error output without its hints, on one line. */
function errorText(output: string): string {
  return output
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("hint:"))
    .join(" ");
}

function configArgs(settings: string[]): string[] {
  return settings.flatMap((setting) => ["-c", setting]);
}

async function commitOf(cwd: string, ref: string): Promise<string | null> {
  return (await git(cwd, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], [0, 1])).stdout.trim() || null;
}

async function shortSha(cwd: string, ref: string): Promise<string> {
  return (await git(cwd, ["rev-parse", "--short", ref])).stdout.trim();
}

/**
 * Runs git; rejects unless the exit code is in `okCodes` (null: any code, for callers that read it).
 * child_process rather than simple-git, which hides exit codes that merge-tree and merge answer with.
 */
function git(cwd: string, args: string[], okCodes: number[] | null = [0]): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve, reject) => {
    // No prompts: a push needing credentials fails instead of hanging the daemon.
    const env = { ...process.env, GIT_TERMINAL_PROMPT: "0" };
    execFile("git", args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      if (okCodes === null ? code >= 0 : okCodes.includes(code)) resolve({ stdout, stderr, code });
      else reject(new Error(`git ${args.join(" ")} failed (${code}): ${stderr.trim() || error?.message}`));
    });
  });
}
