import type { MergeResult, TaskDiff } from "../api";
import { plural } from "../../shared/stream/format";
import { alignColumns, indent } from "./layout";

const STATUS_LETTER: Record<TaskDiff["files"][number]["status"], string> = {
  added: "A",
  modified: "M",
  deleted: "D",
  renamed: "R",
  copied: "C",
  typechange: "T",
};

/** Where the diff comes from, the changed files with their +/- counts and a total, then the patch. */
export function renderDiff(diff: TaskDiff): string {
  const from =
    diff.source === "worktree" ? "the worktree, uncommitted work included" : "the branch (the worktree is gone)";
  const head = `${diff.branch ?? "(no branch)"} against ${diff.baseBranch} at ${diff.baseCommit.slice(0, 7)}, from ${from}`;
  if (diff.files.length === 0) return `${head}\nNo changes.`;
  const rows = diff.files.map((file) => [
    STATUS_LETTER[file.status] ?? "?",
    file.oldPath && file.oldPath !== file.path ? `${file.oldPath} → ${file.path}` : file.path,
    file.binary ? "binary" : `+${file.additions} -${file.deletions}`,
  ]);
  const additions = diff.files.reduce((sum, file) => sum + file.additions, 0);
  const deletions = diff.files.reduce((sum, file) => sum + file.deletions, 0);
  const total = `${plural(diff.files.length, "file")} changed, ${plural(additions, "insertion")}(+), ${plural(deletions, "deletion")}(-)`;
  const list = indent(alignColumns(rows), "  ");
  return [head, "", list, total, "", diff.patch.replace(/\n+$/, "")].join("\n");
}

/** What a merge did, for a person: the outcome, the commit, the daemon's message. */
export function renderMerge(merge: MergeResult): string {
  if (merge.outcome !== "merged") return `Nothing merged into ${merge.targetBranch}: ${merge.message}`;
  const how = merge.squash ? "squashed into one commit" : "merge commit";
  return `Merged into ${merge.targetBranch} (${how}${merge.commit ? ` ${merge.commit.slice(0, 12)}` : ""}): ${merge.message}`;
}

/** A conflict's files, one a line, for stderr. */
export function renderConflicts(conflicts: string[]): string {
  return conflicts.length > 0 ? `Conflicting files:\n${conflicts.map((file) => `  ${file}`).join("\n")}` : "";
}
