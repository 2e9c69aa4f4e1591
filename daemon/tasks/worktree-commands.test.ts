import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { DaemonCommandOf } from "../../lib/shared/protocol/daemon";
import { createGitRepo, git, tempDir } from "../../test/support/git";
import { DaemonConfig } from "../config";
import { createTaskWorktree } from "../git/worktree";
import { Outbox } from "../relay/outbox";
import { WorktreeCommands, type WorktreeUse } from "./worktree-commands";

const TASK_ID = "3f2a9c1e-0000-4000-8000-000000000000";
const TASK_NAME = "Add tests";

/** A repository whose task worktree, in the daemon's worktrees folder, has a committed feature.txt. */
async function setup(use: () => WorktreeUse = () => "free") {
  const repo = createGitRepo();
  const dataDir = tempDir("makima-daemon-");
  const config = DaemonConfig.parse({
    serverUrl: "http://127.0.0.1:3000",
    apiKey: "key",
    dataDir,
    reposDir: path.join(dataDir, "repos"),
    worktreesDir: path.join(dataDir, "worktrees"),
  });
  const worktree = await createTaskWorktree({
    repository: { path: repo, cloned: false },
    worktreesDir: config.worktreesDir,
    taskId: TASK_ID,
    taskName: TASK_NAME,
    baseBranch: "main",
  });
  fs.writeFileSync(path.join(worktree.path, "feature.txt"), "feature\n");
  git(worktree.path, "add", "feature.txt");
  git(worktree.path, "commit", "-q", "-m", "add feature.txt");
  // Merging sends nothing: an outbox that never delivers is enough.
  const outbox = new Outbox({ isReady: () => false, send: async () => ({ ok: true }) });
  const commands = new WorktreeCommands(config, outbox, { ids: () => [], worktreeUse: use });
  const command = (fields: Partial<DaemonCommandOf<"mergeTask">> = {}): DaemonCommandOf<"mergeTask"> => ({
    type: "mergeTask",
    taskId: TASK_ID,
    taskName: TASK_NAME,
    repository: repo,
    branch: worktree.branch,
    targetBranch: "main",
    squash: false,
    ...fields,
  });
  return { repo, worktree, commands, command };
}

describe("WorktreeCommands.merge", () => {
  it("merges a finished task's branch, its worktree's uncommitted work included", async () => {
    const { repo, worktree, commands, command } = await setup();
    fs.writeFileSync(path.join(worktree.path, "draft.txt"), "uncommitted\n");

    const reply = await commands.merge(command({ squash: true }));

    expect(reply).toEqual({
      ok: true,
      merge: {
        outcome: "merged",
        message: `Squashed ${worktree.branch} into main (${git(repo, "rev-parse", "--short", "main")}); uncommitted work committed in ${git(repo, "rev-parse", "--short", worktree.branch)}`,
        targetBranch: "main",
        commit: git(repo, "rev-parse", "main"),
        squash: true,
        conflicts: [],
      },
    });
    expect(fs.readFileSync(path.join(repo, "draft.txt"), "utf8")).toBe("uncommitted\n");
  });

  it("answers a conflict as a merge outcome", async () => {
    const { repo, commands, command } = await setup();
    fs.writeFileSync(path.join(repo, "feature.txt"), "main's own feature\n");
    git(repo, "add", "feature.txt");
    git(repo, "commit", "-q", "-m", "feature on main");

    const reply = await commands.merge(command());

    expect(reply).toMatchObject({ ok: true, merge: { outcome: "conflict", conflicts: ["feature.txt"], commit: null } });
  });

  it("refuses while the task runs, and waits for a task that is ending", async () => {
    let use: WorktreeUse = "in use";
    const { repo, commands, command } = await setup(() => use);
    expect(await commands.merge(command())).toEqual({
      ok: false,
      error: "The task is still running: wait for it to finish before merging",
    });
    expect(fs.existsSync(path.join(repo, "feature.txt"))).toBe(false);

    let ended = false;
    use = new Promise<void>((resolve) => setTimeout(resolve, 50)).then(() => void (ended = true));
    const reply = await commands.merge(command());
    expect(ended).toBe(true);
    expect(reply).toMatchObject({ ok: true, merge: { outcome: "merged" } });
  });

  it("refuses what it cannot even try: an unknown repository or branch, a bad target name", async () => {
    const { commands, command } = await setup();
    const missing = path.join(tempDir(), "missing");
    expect(await commands.merge(command({ repository: missing }))).toEqual({
      ok: false,
      error: `Repository ${missing} not found on this machine`,
    });
    expect(await commands.merge(command({ branch: "makima/gone" }))).toEqual({
      ok: false,
      error: "Branch makima/gone not found",
    });
    expect(await commands.merge(command({ targetBranch: "a..b" }))).toEqual({
      ok: false,
      error: 'Target branch must not contain ".."',
    });
  });

  it("reports a target branch that does not exist as a failed merge", async () => {
    const { commands, command } = await setup();
    expect(await commands.merge(command({ targetBranch: "release" }))).toMatchObject({
      ok: true,
      merge: { outcome: "failed", message: "Target branch release not found", targetBranch: "release" },
    });
  });
});
