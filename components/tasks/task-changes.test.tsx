import { renderToStaticMarkup } from "react-dom/server";
import { QueryClientProvider } from "@tanstack/react-query";
import { describe, expect, it, vi } from "vitest";
import { parseUnifiedDiff, type DiffFilePatch, type DiffHunk } from "../../lib/shared/diff/unified-diff";
import type { RepoFile, TaskDiff, TaskDiffFile } from "../../lib/shared/protocol/worktree";
import { DiffFileView, DiffHunksTable, limitHunks, statusLetter, viewable } from "./diff-file-view";
import { makeQueryClient } from "../query/query-provider";
import { LINE_LIMIT, RepoFileBody, fileLines } from "./repo-file-view";
import { ChangesResult, TaskChanges, changesSummary, indexPatches, patchFor } from "./task-changes";

const PATCH = [
  "diff --git a/src/app.ts b/src/app.ts",
  "index e8823e1..f835a74 100644",
  "--- a/src/app.ts",
  "+++ b/src/app.ts",
  "@@ -1,3 +1,4 @@ export function main()",
  " const a = 1;",
  "-const b = 2;",
  "+const b = 3;",
  "+const c = <b>;",
  " const d = 4;",
  "diff --git a/old name.txt b/old name.txt",
  "deleted file mode 100644",
  "index d1f10a2..0000000",
  "--- a/old name.txt\t",
  "+++ /dev/null",
  "@@ -1 +0,0 @@",
  "-gone",
  "diff --git a/ren.txt b/renamed.txt",
  "similarity index 100%",
  "rename from ren.txt",
  "rename to renamed.txt",
  "diff --git a/img.png b/img.png",
  "new file mode 100644",
  "index 0000000..d0c3599",
  "Binary files /dev/null and b/img.png differ",
  "",
].join("\n");

const file = (path: string, status: TaskDiffFile["status"], more: Partial<TaskDiffFile> = {}): TaskDiffFile => ({
  path,
  oldPath: null,
  status,
  additions: 0,
  deletions: 0,
  binary: false,
  ...more,
});

const FILES: TaskDiffFile[] = [
  file("src/app.ts", "modified", { additions: 2, deletions: 1 }),
  file("old name.txt", "deleted", { deletions: 1 }),
  file("renamed.txt", "renamed", { oldPath: "ren.txt" }),
  file("img.png", "added", { binary: true }),
];

const diff = (more: Partial<TaskDiff> = {}): TaskDiff => ({
  source: "worktree",
  baseBranch: "main",
  baseCommit: "a".repeat(40),
  headCommit: "b".repeat(40),
  branch: "makima/task-1",
  files: FILES,
  patch: PATCH,
  truncated: false,
  ...more,
});

const countOf = (html: string, text: string) => html.split(text).length - 1;

describe("changesSummary", () => {
  it("counts files and lines, and says where the changes come from", () => {
    expect(changesSummary(diff())).toBe("4 files changed, +2 −2 against main, including uncommitted work");
    expect(changesSummary(diff({ source: "branch", files: [FILES[0]] }))).toBe(
      "1 file changed, +2 −1 against main (branch only: the worktree is gone)",
    );
    expect(changesSummary(diff({ files: [], patch: "", baseBranch: "develop" }))).toBe(
      "No changes against develop, including uncommitted work",
    );
  });
});

describe("helpers", () => {
  it("gives git's status letters", () => {
    expect(
      ["added", "modified", "deleted", "renamed", "copied", "typechange"].map((s) =>
        statusLetter(s as TaskDiffFile["status"]),
      ),
    ).toEqual(["A", "M", "D", "R", "C", "T"]);
  });

  it("offers only text files that still exist for viewing", () => {
    expect(FILES.map(viewable)).toEqual([true, false, true, false]);
  });

  it("matches the file list to the patch by path, deleted and renamed files included", () => {
    const patches = indexPatches(PATCH);
    expect(FILES.map((f) => patchFor(patches, f)?.hunks.length)).toEqual([1, 1, 0, 0]);
    expect(patchFor(patches, file("missing.txt", "modified"))).toBeUndefined();
  });

  it("cuts hunks at a line budget", () => {
    const hunk = (n: number): DiffHunk => ({
      header: "@@",
      oldStart: 1,
      oldLines: n,
      newStart: 1,
      newLines: n,
      section: "",
      lines: Array.from({ length: n }, (_, i) => ({
        kind: "context" as const,
        text: String(i),
        oldNumber: i + 1,
        newNumber: i + 1,
      })),
    });
    const { hunks, hidden } = limitHunks([hunk(3), hunk(4), hunk(5)], 5);
    expect(hunks.map((h) => h.lines.length)).toEqual([3, 2]);
    expect(hidden).toBe(7);
    expect(limitHunks([hunk(3)], 3)).toEqual({ hunks: [hunk(3)], hidden: 0 });
  });

  it("splits a file into lines", () => {
    expect(fileLines("")).toEqual([]);
    expect(fileLines("a\nb\n")).toEqual(["a", "b"]);
    expect(fileLines("a\n\nb")).toEqual(["a", "", "b"]);
  });
});

describe("TaskChanges", () => {
  it("starts with a button and fetches nothing", () => {
    const fetch = vi.fn();
    vi.stubGlobal("fetch", fetch);
    const html = renderToStaticMarkup(
      <QueryClientProvider client={makeQueryClient()}>
        <TaskChanges taskId="t1" />
      </QueryClientProvider>,
    );
    vi.unstubAllGlobals();
    expect(html).toContain(">Changes</h2>");
    expect(html).toContain(">Show changes</button>");
    expect(html).not.toContain("Loading changes");
    expect(fetch).not.toHaveBeenCalled();
  });

  it("shows an error in an alert", () => {
    const html = renderToStaticMarkup(
      <ChangesResult taskId="t1" loaded={{ diff: null, error: "Task t1 has no worktree" }} />,
    );
    expect(html).toContain('role="alert"');
    expect(html).toContain("Task t1 has no worktree");
  });

  it("lists the files, collapsed, with their status, counts and buttons", () => {
    const html = renderToStaticMarkup(
      <ChangesResult taskId="t1" loaded={{ diff: diff({ truncated: true }), error: null }} />,
    );
    expect(html).toContain("4 files changed, +2 −2 against main, including uncommitted work");
    expect(html).toContain("The diff is too large to show in full; the file list is complete");
    expect(countOf(html, 'data-testid="diff-file"')).toBe(4);
    expect(html).toContain('aria-label="old name.txt"');
    expect(html).toContain("ren.txt → renamed.txt");
    expect(html).toContain(">binary<");
    expect(html).toContain(">+2</span>");
    expect(html).toContain(">−1</span>");
    expect(countOf(html, ">View file</button>")).toBe(2);
    expect(countOf(html, 'aria-expanded="false"')).toBe(6);
    expect(html).not.toContain("data-kind="); // hunks wait until a file is expanded
  });

  it("says when there is nothing", () => {
    const html = renderToStaticMarkup(
      <ChangesResult taskId="t1" loaded={{ diff: diff({ files: [], patch: "" }), error: null }} />,
    );
    expect(html).toContain("No changes against main");
    expect(html).not.toContain("diff-file");
  });

  it("opens the only file of a diff", () => {
    const html = renderToStaticMarkup(
      <ChangesResult taskId="t1" loaded={{ diff: diff({ files: [FILES[0]], patch: PATCH }), error: null }} />,
    );
    expect(countOf(html, 'data-kind="add"')).toBe(2);
  });
});

describe("DiffFileView", () => {
  const [app, deleted, renamed] = parseUnifiedDiff(PATCH);

  it("renders an expanded file's lines with numbers, markers and colours", () => {
    const html = renderToStaticMarkup(
      <DiffFileView taskId="t1" file={FILES[0]} patch={app} patchTruncated={false} defaultOpen />,
    );
    expect(html).toContain('aria-expanded="true"');
    expect(html).toContain("@@ -1,3 +1,4 @@ export function main()");
    expect(html).toContain("bg-blue-50");
    expect(countOf(html, 'data-kind="add"')).toBe(2);
    expect(countOf(html, 'data-kind="del"')).toBe(1);
    expect(countOf(html, 'data-kind="context"')).toBe(2);
    expect(html).toContain(
      '<tr data-kind="add" class="bg-green-50 text-green-900"><td class="w-px select-none px-2 text-right align-top text-neutral-400"></td>',
    );
    expect(html).toContain("const c = &lt;b&gt;;");
    expect(html).toMatch(
      /data-kind="del" class="bg-red-50 text-red-900"><td[^>]*>2<\/td><td[^>]*><\/td><td[^>]*>-<\/td><td[^>]*>const b = 2;<\/td>/,
    );
  });

  it("explains files without lines", () => {
    const render = (f: TaskDiffFile, patch: DiffFilePatch | undefined, truncated = false) =>
      renderToStaticMarkup(<DiffFileView taskId="t1" file={f} patch={patch} patchTruncated={truncated} defaultOpen />);
    expect(render(FILES[2], renamed)).toContain("No changes to the content.");
    expect(render(FILES[3], undefined)).toContain("Binary file: no diff shown.");
    expect(render(FILES[0], undefined, true)).toContain("Not in the diff: it was cut at the size limit.");
    expect(render(FILES[1], deleted)).toContain('data-kind="del"');
    expect(render(FILES[1], deleted)).not.toContain("View file");
  });

  it("caps the lines it renders", () => {
    const big = [
      "diff --git a/big.txt b/big.txt",
      "--- a/big.txt",
      "+++ b/big.txt",
      `@@ -0,0 +1,${LINE_LIMIT + 25} @@`,
      ...Array.from({ length: LINE_LIMIT + 25 }, (_, i) => `+line ${i}`),
    ].join("\n");
    const html = renderToStaticMarkup(<DiffHunksTable patch={parseUnifiedDiff(big)[0]} label="Diff of big.txt" />);
    expect(countOf(html, 'data-kind="add"')).toBe(LINE_LIMIT);
    expect(html).toContain("…25 more lines not shown");
  });

  it("says when a file's diff was cut", () => {
    const [cut] = parseUnifiedDiff(PATCH.slice(0, PATCH.indexOf("+const c")));
    const html = renderToStaticMarkup(<DiffHunksTable patch={cut} label="Diff of src/app.ts" />);
    expect(html).toContain("The rest of this file&#x27;s diff was cut at the size limit.");
  });
});

describe("RepoFileBody", () => {
  const repoFile = (more: Partial<RepoFile>): RepoFile => ({
    path: "a.ts",
    sizeBytes: 6,
    binary: false,
    content: "a\n\tb\n",
    truncated: false,
    ...more,
  });

  it("shows a text file with line numbers", () => {
    const html = renderToStaticMarkup(<RepoFileBody result={{ ok: true, value: repoFile({}) }} />);
    expect(html).toMatch(/<td[^>]*>1<\/td><td[^>]*>a<\/td>/);
    expect(html).toMatch(/<td[^>]*>2<\/td><td[^>]*>\tb<\/td>/);
    expect(html).not.toContain("too large");
  });

  it("says when a file is cut, binary, empty or refused", () => {
    expect(
      renderToStaticMarkup(
        <RepoFileBody result={{ ok: true, value: repoFile({ truncated: true, sizeBytes: 9_000_000 }) }} />,
      ),
    ).toContain("The file is too large to show in full (9,000,000 bytes); only its start is shown.");
    expect(
      renderToStaticMarkup(
        <RepoFileBody result={{ ok: true, value: repoFile({ binary: true, content: "", sizeBytes: 2048 }) }} />,
      ),
    ).toContain("Binary file (2,048 bytes), not shown");
    expect(renderToStaticMarkup(<RepoFileBody result={{ ok: true, value: repoFile({ content: "" }) }} />)).toContain(
      "Empty file",
    );
    const refused = renderToStaticMarkup(<RepoFileBody result={{ ok: false, error: "Path outside the worktree" }} />);
    expect(refused).toContain('role="alert"');
    expect(refused).toContain("Path outside the worktree");
    expect(renderToStaticMarkup(<RepoFileBody result={null} />)).toContain("Loading file…");
  });
});
