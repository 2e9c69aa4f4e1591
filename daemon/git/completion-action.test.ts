import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { CompletionAction } from "../../lib/shared/protocol/worktree";
import { createGitRepo, git, tempDir } from "../../test/support/git";
import { applyCompletionAction } from "./completion-action";
import { mergeTaskBranch, TaskBranchError } from "./merge-task";
import { locateRepository, prepareRepository, type PreparedRepository } from "./repository";
import { createTaskWorktree } from "./worktree";

const TASK_NAME = "Add tests";

async function setup(repository: PreparedRepository = { path: createGitRepo(), cloned: false }) {
  const worktree = await createTaskWorktree({
    repository,
    worktreesDir: tempDir("makima-worktrees-"),
    taskId: "3f2a9c1e-0000-4000-8000-000000000000",
    taskName: TASK_NAME,
    baseBranch: "main",
  });
  const apply = (action: CompletionAction, targetBranch = "main") =>
    applyCompletionAction({
      action,
      worktreePath: worktree.path,
      branch: worktree.branch,
      repository,
      targetBranch,
      taskName: TASK_NAME,
    });
  const merge = (targetBranch: string, { squash = false, worktreePath = worktree.path as string | null } = {}) =>
    mergeTaskBranch(
      { worktreePath, branch: worktree.branch, repository, targetBranch, taskName: TASK_NAME },
      { squash },
    );
  return { repository, repo: repository.path, worktree, apply, merge };
}

/** Commits a change to `file` on whatever `dir` has checked out. */
function commitFile(dir: string, file: string, content: string) {
  fs.writeFileSync(path.join(dir, file), content);
  git(dir, "add", file);
  git(dir, "commit", "-q", "-m", `change ${file}`);
}

/** A bare repository with one commit on main, seen through a file:// URL, and its clone in a repos folder. */
async function clonedSetup() {
  const seed = createGitRepo();
  const origin = path.join(tempDir("makima-origin-"), "origin.git");
  git(path.dirname(origin), "init", "-q", "--bare", "-b", "main", origin);
  git(seed, "push", "-q", origin, "main");
  const url = `file://${origin}`;
  const reposDir = tempDir("makima-repos-");
  const repository = await prepareRepository(url, reposDir);
  return { origin, url, reposDir, seed, ...(await setup(repository)) };
}

/** Neither a merge nor a squash under way in any of `dirs`. */
function noMergeInProgress(...dirs: string[]) {
  for (const dir of dirs) {
    expect(() => git(dir, "rev-parse", "-q", "--verify", "MERGE_HEAD")).toThrow();
    expect(fs.existsSync(path.resolve(dir, git(dir, "rev-parse", "--git-path", "SQUASH_MSG")))).toBe(false);
  }
}

function parentsOf(repo: string, ref: string): string[] {
  return git(repo, "rev-list", "--parents", "-n", "1", ref).split(" ").slice(1);
}

describe("applyCompletionAction on real git", () => {
  it("none touches nothing", async () => {
    const { repo, worktree, apply } = await setup();
    fs.writeFileSync(path.join(worktree.path, "work.txt"), "uncommitted\n");
    const before = git(repo, "rev-parse", worktree.branch);

    expect(await apply("none")).toEqual({
      action: "none",
      outcome: "nothing",
      message: "No completion action",
      conflicts: [],
    });
    expect(git(repo, "rev-parse", worktree.branch)).toBe(before);
    expect(git(worktree.path, "status", "--porcelain")).toBe("?? work.txt");
  });

  it("keep_branch commits uncommitted work on the task's branch", async () => {
    const { repo, worktree, apply } = await setup();
    fs.writeFileSync(path.join(worktree.path, "work.txt"), "uncommitted\n");
    fs.writeFileSync(path.join(worktree.path, "README.md"), "# edited\n");

    const result = await apply("keep_branch");

    const short = git(repo, "rev-parse", "--short", worktree.branch);
    expect(result).toMatchObject({ action: "keep_branch", outcome: "kept", conflicts: [] });
    expect(result.message).toContain(`Branch ${worktree.branch} kept (${short})`);
    expect(git(repo, "log", "-1", "--format=%s", worktree.branch)).toBe(`makima: work of task "${TASK_NAME}"`);
    expect(git(repo, "show", `${worktree.branch}:work.txt`)).toBe("uncommitted");
    expect(git(worktree.path, "status", "--porcelain")).toBe("");
    expect(git(repo, "rev-parse", "main")).toBe(git(repo, "rev-parse", `${worktree.branch}~1`));
  });

  it("merges into a target that is not checked out by moving its ref to a merge commit", async () => {
    const { repo, worktree, apply } = await setup();
    git(repo, "branch", "release", "main");
    const releaseBefore = git(repo, "rev-parse", "release");
    fs.writeFileSync(path.join(worktree.path, "feature.txt"), "feature\n");

    const result = await apply("merge", "release");

    const merged = git(repo, "rev-parse", "release");
    expect(result).toEqual({
      action: "merge",
      outcome: "merged",
      message: `Merged ${worktree.branch} into release (${merged.slice(0, 7)}); uncommitted work committed in ${git(repo, "rev-parse", "--short", worktree.branch)}`,
      conflicts: [],
    });
    expect(git(repo, "rev-parse", "release^1")).toBe(releaseBefore);
    expect(git(repo, "rev-parse", "release^2")).toBe(git(repo, "rev-parse", worktree.branch));
    expect(git(repo, "log", "-1", "--format=%s", "release")).toBe(`makima: merge ${worktree.branch} (${TASK_NAME})`);
    expect(git(repo, "show", "release:feature.txt")).toBe("feature");
    expect(git(repo, "rev-parse", "main")).toBe(releaseBefore);
  });

  it("merges into a target checked out in a clean worktree there, untracked files allowed", async () => {
    const { repo, worktree, apply } = await setup();
    commitFile(worktree.path, "feature.txt", "feature\n");
    fs.writeFileSync(path.join(repo, "notes.txt"), "the user's untracked notes\n");

    const result = await apply("merge");

    expect(result.outcome).toBe("merged");
    expect(git(repo, "rev-list", "--parents", "-n", "1", "main").split(" ")).toHaveLength(3);
    expect(fs.readFileSync(path.join(repo, "feature.txt"), "utf8")).toBe("feature\n");
    expect(git(repo, "status", "--porcelain")).toBe("?? notes.txt");
  });

  it("refuses a target checked out with uncommitted changes, leaving it untouched", async () => {
    const { repo, worktree, apply } = await setup();
    commitFile(worktree.path, "feature.txt", "feature\n");
    fs.writeFileSync(path.join(repo, "README.md"), "# the user's edit\n");
    const before = git(repo, "rev-parse", "main");

    const result = await apply("merge");

    expect(result).toEqual({
      action: "merge",
      outcome: "failed",
      message: `Target branch main is checked out in ${git(repo, "rev-parse", "--show-toplevel")} with uncommitted changes; not merged`,
      conflicts: [],
    });
    expect(git(repo, "rev-parse", "main")).toBe(before);
    expect(fs.readFileSync(path.join(repo, "README.md"), "utf8")).toBe("# the user's edit\n");
    expect(fs.existsSync(path.join(repo, "feature.txt"))).toBe(false);
  });

  it("reports a conflict with a target that is not checked out and leaves it unchanged", async () => {
    const { repo, worktree, apply } = await setup();
    git(repo, "checkout", "-q", "-b", "release");
    commitFile(repo, "README.md", "# release edit\n");
    git(repo, "checkout", "-q", "main");
    commitFile(worktree.path, "README.md", "# task edit\n");
    const before = git(repo, "rev-parse", "release");

    const result = await apply("merge", "release");

    expect(result).toEqual({
      action: "merge",
      outcome: "conflict",
      message: "Merge conflict in 1 file(s): README.md; release left unchanged",
      conflicts: ["README.md"],
    });
    expect(git(repo, "rev-parse", "release")).toBe(before);
    noMergeInProgress(repo, worktree.path);
  });

  it("reports a conflict with a checked-out target and aborts the merge there", async () => {
    const { repo, worktree, apply } = await setup();
    commitFile(repo, "README.md", "# main edit\n");
    commitFile(worktree.path, "README.md", "# task edit\n");
    const before = git(repo, "rev-parse", "main");

    const result = await apply("merge");

    expect(result).toMatchObject({ outcome: "conflict", conflicts: ["README.md"] });
    expect(result.message).toBe("Merge conflict in 1 file(s): README.md; main left unchanged");
    expect(git(repo, "rev-parse", "main")).toBe(before);
    expect(git(repo, "status", "--porcelain")).toBe("");
    expect(fs.readFileSync(path.join(repo, "README.md"), "utf8")).toBe("# main edit\n");
    noMergeInProgress(repo, worktree.path);
  });

  it("has nothing to merge when the branch has no new commits", async () => {
    const { repo, apply } = await setup();
    const before = git(repo, "rev-parse", "main");
    const result = await apply("merge");
    expect(result.outcome).toBe("nothing");
    expect(result.message).toMatch(/^Nothing to merge: /);
    expect(git(repo, "rev-parse", "main")).toBe(before);
  });

  it("fails without throwing for a missing target branch", async () => {
    const { worktree, apply } = await setup();
    commitFile(worktree.path, "feature.txt", "feature\n");
    expect(await apply("merge", "nope")).toEqual({
      action: "merge",
      outcome: "failed",
      message: "Target branch nope not found",
      conflicts: [],
    });
  });

  it("fails without throwing when the task's branch is gone", async () => {
    const { repo, worktree, apply } = await setup();
    git(worktree.path, "checkout", "-q", "--detach");
    git(repo, "branch", "-D", worktree.branch);
    expect(await apply("merge")).toEqual({
      action: "merge",
      outcome: "failed",
      message: `Branch ${worktree.branch} not found`,
      conflicts: [],
    });
    expect((await apply("keep_branch")).message).toBe(`Branch ${worktree.branch} not found`);
  });
});

describe("mergeTaskBranch on real git", () => {
  it("reports the new merge commit's full sha, with the target and the kind of merge", async () => {
    const { repo, worktree, merge } = await setup();
    git(repo, "branch", "release", "main");
    commitFile(worktree.path, "feature.txt", "feature\n");

    const result = await merge("release");

    const merged = git(repo, "rev-parse", "release");
    expect(result).toEqual({
      outcome: "merged",
      message: `Merged ${worktree.branch} into release (${merged.slice(0, 7)})`,
      targetBranch: "release",
      commit: merged,
      squash: false,
      conflicts: [],
    });
  });

  it("squashes several commits into one on a target that is not checked out", async () => {
    const { repo, worktree, merge } = await setup();
    git(repo, "branch", "release", "main");
    const before = git(repo, "rev-parse", "release");
    commitFile(worktree.path, "one.txt", "one\n");
    commitFile(worktree.path, "two.txt", "two\n");
    fs.writeFileSync(path.join(worktree.path, "three.txt"), "three\n");

    const result = await merge("release", { squash: true });

    const squashed = git(repo, "rev-parse", "release");
    expect(result).toMatchObject({
      outcome: "merged",
      targetBranch: "release",
      commit: squashed,
      squash: true,
      conflicts: [],
    });
    expect(result.message).toBe(
      `Squashed ${worktree.branch} into release (${squashed.slice(0, 7)}); uncommitted work committed in ${git(repo, "rev-parse", "--short", worktree.branch)}`,
    );
    expect(parentsOf(repo, "release")).toEqual([before]);
    expect(git(repo, "show", "release:one.txt")).toBe("one");
    expect(git(repo, "show", "release:three.txt")).toBe("three");
    expect(git(repo, "log", "-1", "--format=%B", "release")).toBe(
      `makima: squash ${worktree.branch} (${TASK_NAME})\n\n* change one.txt\n* change two.txt\n* makima: work of task "${TASK_NAME}"`,
    );
    expect(git(repo, "rev-parse", "main")).toBe(before);
  });

  it("squashes into a checked-out clean target there, its files following", async () => {
    const { repo, worktree, merge } = await setup();
    const before = git(repo, "rev-parse", "main");
    commitFile(worktree.path, "one.txt", "one\n");
    commitFile(worktree.path, "two.txt", "two\n");
    fs.writeFileSync(path.join(repo, "notes.txt"), "the user's untracked notes\n");

    const result = await merge("main", { squash: true });

    expect(result).toMatchObject({ outcome: "merged", commit: git(repo, "rev-parse", "main"), squash: true });
    expect(parentsOf(repo, "main")).toEqual([before]);
    expect(fs.readFileSync(path.join(repo, "two.txt"), "utf8")).toBe("two\n");
    expect(git(repo, "status", "--porcelain")).toBe("?? notes.txt");
    noMergeInProgress(repo);
  });

  it("merges into a target checked out in another worktree there", async () => {
    const { repo, worktree, merge } = await setup();
    const release = path.join(tempDir("makima-release-"), "release");
    git(repo, "worktree", "add", "-q", "-b", "release", release, "main");
    commitFile(worktree.path, "feature.txt", "feature\n");

    const result = await merge("release");

    expect(result).toMatchObject({ outcome: "merged", commit: git(repo, "rev-parse", "release") });
    expect(parentsOf(repo, "release")).toHaveLength(2);
    expect(fs.readFileSync(path.join(release, "feature.txt"), "utf8")).toBe("feature\n");
    expect(git(release, "status", "--porcelain")).toBe("");
  });

  it("reports a squash's conflict with a checked-out target, leaving that worktree as it was", async () => {
    const { repo, worktree, merge } = await setup();
    commitFile(repo, "README.md", "# main edit\n");
    commitFile(worktree.path, "README.md", "# task edit\n");
    const before = git(repo, "rev-parse", "main");

    const result = await merge("main", { squash: true });

    expect(result).toEqual({
      outcome: "conflict",
      message: "Merge conflict in 1 file(s): README.md; main left unchanged",
      targetBranch: "main",
      commit: null,
      squash: true,
      conflicts: ["README.md"],
    });
    expect(git(repo, "rev-parse", "main")).toBe(before);
    expect(git(repo, "status", "--porcelain")).toBe("");
    expect(fs.readFileSync(path.join(repo, "README.md"), "utf8")).toBe("# main edit\n");
    noMergeInProgress(repo, worktree.path);
  });

  it("reports a squash's conflict with a target that is not checked out, leaving it unchanged", async () => {
    const { repo, worktree, merge } = await setup();
    git(repo, "checkout", "-q", "-b", "release");
    commitFile(repo, "README.md", "# release edit\n");
    git(repo, "checkout", "-q", "main");
    commitFile(worktree.path, "README.md", "# task edit\n");
    const before = git(repo, "rev-parse", "release");

    const result = await merge("release", { squash: true });

    expect(result).toMatchObject({ outcome: "conflict", conflicts: ["README.md"], commit: null });
    expect(git(repo, "rev-parse", "release")).toBe(before);
    noMergeInProgress(repo, worktree.path);
  });

  it("refuses a squash into a target checked out with uncommitted changes", async () => {
    const { repo, worktree, merge } = await setup();
    commitFile(worktree.path, "feature.txt", "feature\n");
    fs.writeFileSync(path.join(repo, "README.md"), "# the user's edit\n");
    const before = git(repo, "rev-parse", "main");

    const result = await merge("main", { squash: true });

    expect(result).toMatchObject({ outcome: "failed", commit: null });
    expect(result.message).toMatch(/^Target branch main is checked out in .* with uncommitted changes; not merged$/);
    expect(git(repo, "rev-parse", "main")).toBe(before);
    expect(fs.readFileSync(path.join(repo, "README.md"), "utf8")).toBe("# the user's edit\n");
    expect(fs.existsSync(path.join(repo, "feature.txt"))).toBe(false);
  });

  it("leaves a checked-out target as it was when an untracked file is in the merge's way", async () => {
    const { repo, worktree, merge } = await setup();
    commitFile(worktree.path, "feature.txt", "feature\n");
    fs.writeFileSync(path.join(repo, "feature.txt"), "the user's own file\n");
    const before = git(repo, "rev-parse", "main");

    const result = await merge("main");

    expect(result.outcome).toBe("failed");
    expect(result.message).toMatch(/^Could not update main in .*feature\.txt.*; not merged$/);
    expect(git(repo, "rev-parse", "main")).toBe(before);
    expect(fs.readFileSync(path.join(repo, "feature.txt"), "utf8")).toBe("the user's own file\n");
    noMergeInProgress(repo);
  });

  it("has nothing to merge the second time, merged or squashed", async () => {
    const { repo, worktree, merge } = await setup();
    git(repo, "branch", "release", "main");
    commitFile(worktree.path, "feature.txt", "feature\n");

    expect((await merge("main")).outcome).toBe("merged");
    expect(await merge("main")).toMatchObject({
      outcome: "nothing",
      message: `Nothing to merge: ${worktree.branch} has no commits that main lacks`,
      commit: null,
    });

    expect((await merge("release", { squash: true })).outcome).toBe("merged");
    const squashed = git(repo, "rev-parse", "release");
    expect(await merge("release", { squash: true })).toMatchObject({
      outcome: "nothing",
      message: `Nothing to merge: release already has the changes of ${worktree.branch}`,
    });
    expect(git(repo, "rev-parse", "release")).toBe(squashed);
  });

  it("fails for a target branch that does not exist, naming it", async () => {
    const { worktree, merge } = await setup();
    commitFile(worktree.path, "feature.txt", "feature\n");
    expect(await merge("nope", { squash: true })).toEqual({
      outcome: "failed",
      message: "Target branch nope not found",
      targetBranch: "nope",
      commit: null,
      squash: true,
      conflicts: [],
    });
  });

  it("uses the branch's commits alone when the task has no worktree", async () => {
    const { repo, worktree, merge } = await setup();
    git(repo, "branch", "release", "main");
    commitFile(worktree.path, "feature.txt", "feature\n");
    fs.writeFileSync(path.join(worktree.path, "draft.txt"), "uncommitted\n");

    const result = await merge("release", { worktreePath: null });

    expect(result.message).toBe(
      `Merged ${worktree.branch} into release (${git(repo, "rev-parse", "--short", "release")})`,
    );
    expect(git(repo, "show", "release:feature.txt")).toBe("feature");
    expect(() => git(repo, "show", "release:draft.txt")).toThrow();
    expect(git(worktree.path, "status", "--porcelain")).toBe("?? draft.txt");
  });

  it("throws TaskBranchError when the branch cannot be used", async () => {
    const { repo, worktree, merge } = await setup();
    git(worktree.path, "checkout", "-q", "-b", "elsewhere");
    const onOtherBranch = merge("main");
    await expect(onOtherBranch).rejects.toBeInstanceOf(TaskBranchError);
    await expect(onOtherBranch).rejects.toThrow(
      `The worktree ${worktree.path} is on elsewhere, not on ${worktree.branch}; nothing done`,
    );
    git(worktree.path, "checkout", "-q", worktree.branch);
    git(repo, "branch", "-m", worktree.branch, "renamed");
    await expect(merge("main", { worktreePath: null })).rejects.toThrow(`Branch ${worktree.branch} not found`);
  });
});

describe("applyCompletionAction on a clone", () => {
  it("merge pushes the merge commit to origin's target", async () => {
    const { origin, worktree, apply } = await clonedSetup();
    const before = git(origin, "rev-parse", "main");
    fs.writeFileSync(path.join(worktree.path, "feature.txt"), "feature\n");

    const result = await apply("merge");

    const merged = git(origin, "rev-parse", "main");
    expect(result.outcome).toBe("merged");
    expect(result.message).toContain(`Merged ${worktree.branch} into origin/main (${merged.slice(0, 7)})`);
    expect(git(origin, "rev-parse", "main^1")).toBe(before);
    expect(git(origin, "show", "main:feature.txt")).toBe("feature");
  });

  it("a squash pushes one commit to origin's target", async () => {
    const { origin, worktree, merge } = await clonedSetup();
    const before = git(origin, "rev-parse", "main");
    commitFile(worktree.path, "one.txt", "one\n");
    commitFile(worktree.path, "two.txt", "two\n");

    const result = await merge("main", { squash: true });

    const squashed = git(origin, "rev-parse", "main");
    expect(result).toMatchObject({ outcome: "merged", commit: squashed, squash: true });
    expect(result.message).toBe(`Squashed ${worktree.branch} into origin/main (${squashed.slice(0, 7)})`);
    expect(parentsOf(origin, "main")).toEqual([before]);
    expect(git(origin, "show", "main:two.txt")).toBe("two");
  });

  it("fails for a target branch origin does not have, naming it", async () => {
    const { worktree, merge } = await clonedSetup();
    commitFile(worktree.path, "feature.txt", "feature\n");
    expect(await merge("nope")).toMatchObject({ outcome: "failed", message: "Target branch origin/nope not found" });
  });

  it("keep_branch pushes the branch", async () => {
    const { origin, repo, worktree, apply } = await clonedSetup();
    commitFile(worktree.path, "feature.txt", "feature\n");

    const result = await apply("keep_branch");

    expect(result.outcome).toBe("kept");
    expect(result.message).toBe(
      `Branch ${worktree.branch} pushed to origin (${git(repo, "rev-parse", "--short", worktree.branch)})`,
    );
    expect(git(origin, "rev-parse", worktree.branch)).toBe(git(repo, "rev-parse", worktree.branch));
  });

  it("reports a conflict with what origin has meanwhile, pushing nothing", async () => {
    const { origin, seed, worktree, apply } = await clonedSetup();
    commitFile(seed, "README.md", "# pushed by someone else\n");
    git(seed, "push", "-q", origin, "main");
    commitFile(worktree.path, "README.md", "# task edit\n");
    const before = git(origin, "rev-parse", "main");

    const result = await apply("merge");

    expect(result).toMatchObject({ outcome: "conflict", conflicts: ["README.md"] });
    expect(git(origin, "rev-parse", "main")).toBe(before);
  });

  it("fails without throwing when origin is unreachable", async () => {
    const { origin, worktree, apply } = await clonedSetup();
    commitFile(worktree.path, "feature.txt", "feature\n");
    fs.rmSync(origin, { recursive: true, force: true });

    const merge = await apply("merge");
    expect(merge.outcome).toBe("failed");
    expect(merge.message).toMatch(/^Could not fetch main from origin: /);
    const keep = await apply("keep_branch");
    expect(keep.outcome).toBe("failed");
    expect(keep.message).toMatch(/^Could not push .* to origin: /);
  });
});

describe("locateRepository", () => {
  it("finds an existing clone or local repository without cloning", async () => {
    const { url, reposDir, repository } = await clonedSetup();
    expect(await locateRepository(url, reposDir)).toEqual(repository);
    expect(await locateRepository(`${url}-other`, reposDir)).toBeNull();
    expect(fs.readdirSync(reposDir)).toHaveLength(1);

    const local = createGitRepo();
    const top = git(local, "rev-parse", "--show-toplevel");
    expect(await locateRepository(path.join(local, "src"), reposDir)).toEqual({ path: top, cloned: false });
    expect(await locateRepository(path.join(local, "missing"), reposDir)).toBeNull();
    expect(await locateRepository(tempDir("makima-plain-"), reposDir)).toBeNull();
  });
});
