import { describe, expect, it } from "vitest";
import type { TaskDiff } from "../api";
import { renderConflicts, renderDiff, renderMerge } from "./diff";

const diff = (fields: Partial<TaskDiff>): TaskDiff => ({
  source: "worktree",
  baseBranch: "main",
  baseCommit: "0123456789abcdef",
  headCommit: "fedcba9876543210",
  branch: "makima/1234-notes",
  files: [],
  patch: "",
  truncated: false,
  ...fields,
});

describe("renderDiff", () => {
  it("lists the files with their counts and a total, then the patch", () => {
    const text = renderDiff(
      diff({
        files: [
          { path: "notes.md", oldPath: null, status: "added", additions: 2, deletions: 0, binary: false },
          { path: "src/new.ts", oldPath: "src/old.ts", status: "renamed", additions: 1, deletions: 1, binary: false },
          { path: "logo.png", oldPath: null, status: "modified", additions: 0, deletions: 0, binary: true },
        ],
        patch: "diff --git a/notes.md b/notes.md\n+one\n+two\n",
      }),
    );
    expect(text).toBe(
      [
        "makima/1234-notes against main at 0123456, from the worktree, uncommitted work included",
        "",
        "  A  notes.md                 +2 -0",
        "  R  src/old.ts → src/new.ts  +1 -1",
        "  M  logo.png                 binary",
        "3 files changed, 3 insertions(+), 1 deletion(-)",
        "",
        "diff --git a/notes.md b/notes.md",
        "+one",
        "+two",
      ].join("\n"),
    );
  });

  it("says when there is nothing, and where a branch-only diff comes from", () => {
    expect(renderDiff(diff({ source: "branch" }))).toBe(
      "makima/1234-notes against main at 0123456, from the branch (the worktree is gone)\nNo changes.",
    );
  });
});

describe("renderMerge", () => {
  const merge = {
    outcome: "merged" as const,
    message: "Merged makima/x into main (abc1234)",
    targetBranch: "main",
    commit: "abc1234def5678900",
    squash: false,
    conflicts: [],
  };

  it("says what the merge did", () => {
    expect(renderMerge(merge)).toBe(
      "Merged into main (merge commit abc1234def56): Merged makima/x into main (abc1234)",
    );
    expect(renderMerge({ ...merge, squash: true, targetBranch: "dev" })).toMatch(
      /^Merged into dev \(squashed into one commit abc1234def56\)/,
    );
    expect(renderMerge({ ...merge, outcome: "nothing", commit: null, message: "Nothing to merge" })).toBe(
      "Nothing merged into main: Nothing to merge",
    );
  });

  it("lists conflicting files", () => {
    expect(renderConflicts(["a.txt", "b/c.txt"])).toBe("Conflicting files:\n  a.txt\n  b/c.txt");
    expect(renderConflicts([])).toBe("");
  });
});
