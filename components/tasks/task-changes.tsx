"use client";

import { useQuery } from "@tanstack/react-query";
import { memo, useId, useMemo } from "react";
import { secondaryButtonClass } from "@/components/ui/styles";
import { parseUnifiedDiff, patchPath, type DiffFilePatch } from "@/lib/shared/diff/unified-diff";
import { TaskDiff, type TaskDiffFile } from "@/lib/shared/protocol/worktree";
import { formatCount } from "@/lib/shared/stream/format";
import { DiffFileView } from "./diff-file-view";
import { fetchApi } from "@/components/query/fetch-api";
import { queryKeys } from "@/components/query/keys";

/** `3 files changed, +12 −4 against main, including uncommitted work`; `No changes against main` when there are none. */
export function changesSummary(diff: TaskDiff): string {
  const source = diff.source === "worktree" ? ", including uncommitted work" : " (branch only: the worktree is gone)";
  if (diff.files.length === 0) return `No changes against ${diff.baseBranch}${source}`;
  const additions = diff.files.reduce((sum, file) => sum + file.additions, 0);
  const deletions = diff.files.reduce((sum, file) => sum + file.deletions, 0);
  const files = `${formatCount(diff.files.length)} ${diff.files.length === 1 ? "file" : "files"} changed`;
  return `${files}, +${formatCount(additions)} −${formatCount(deletions)} against ${diff.baseBranch}${source}`;
}

/** Each file's part of the patch, found by the path the file list gives (a deleted file's old path included). */
export function patchFor(patches: Map<string, DiffFilePatch>, file: TaskDiffFile): DiffFilePatch | undefined {
  return patches.get(file.path) ?? (file.oldPath ? patches.get(file.oldPath) : undefined);
}

export function indexPatches(patch: string): Map<string, DiffFilePatch> {
  const byPath = new Map<string, DiffFilePatch>();
  for (const file of parseUnifiedDiff(patch)) {
    if (!byPath.has(patchPath(file))) byPath.set(patchPath(file), file);
  }
  return byPath;
}

type Loaded = { diff: TaskDiff; error: null } | { diff: null; error: string };

/**
 * The task page's Changes section: the task's diff against its base branch, fetched only when asked for, since
 * the daemon computes it on demand (and the worktree may be large).
 */
export function TaskChanges({ taskId }: { taskId: string }) {
  const headingId = useId();
  const {
    data: loaded,
    isFetching: loading,
    refetch,
  } = useQuery({
    queryKey: queryKeys.taskDiff(taskId),
    queryFn: async ({ signal }): Promise<Loaded> => {
      const result = await fetchApi(`/api/v1/tasks/${encodeURIComponent(taskId)}/diff`, "diff", TaskDiff, signal);
      return result.ok ? { diff: result.value, error: null } : { diff: null, error: result.error };
    },
    // Only on "Show changes" / "Refresh", and forgotten with the section: the next visit asks the daemon afresh.
    enabled: false,
    gcTime: 0,
  });

  return (
    <section aria-labelledby={headingId} className="space-y-2">
      <div className="flex flex-wrap items-center gap-3">
        {/* The panel's summary shows the title: the heading names the region for assistive technology. */}
        <h2 id={headingId} className="sr-only">
          Changes
        </h2>
        <button
          type="button"
          className={secondaryButtonClass}
          onClick={() => void refetch()}
          disabled={loading}
          aria-busy={loading}
        >
          {loaded ? "Refresh" : "Show changes"}
        </button>
        {loading && (
          <span role="status" className="text-sm text-neutral-500">
            Loading changes…
          </span>
        )}
      </div>
      <ChangesResult loaded={loaded ?? null} taskId={taskId} />
    </section>
  );
}

/** What the last request gave; kept on screen while a refresh is under way. */
export function ChangesResult({ loaded, taskId }: { loaded: Loaded | null; taskId: string }) {
  if (!loaded)
    return <p className="text-sm text-neutral-500">The changes are computed by the daemon when asked for.</p>;
  if (loaded.error !== null) {
    return (
      <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
        <p className="font-medium">Could not load the changes</p>
        <p className="mt-1 whitespace-pre-wrap break-words">{loaded.error}</p>
      </div>
    );
  }
  return <DiffView diff={loaded.diff} taskId={taskId} />;
}

/** The summary and the file list; memoised so that the loading flag does not re-render every file. */
const DiffView = memo(function DiffView({ diff, taskId }: { diff: TaskDiff; taskId: string }) {
  const patches = useMemo(() => indexPatches(diff.patch), [diff.patch]);
  return (
    <div className="space-y-2">
      <p className="text-sm text-neutral-700" title={`${diff.baseCommit} → ${diff.headCommit}`}>
        {changesSummary(diff)}
      </p>
      {diff.truncated && (
        <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-1.5 text-sm text-amber-900">
          The diff is too large to show in full; the file list is complete.
        </p>
      )}
      {diff.files.length > 0 && (
        <ul aria-label="Changed files" className="space-y-1.5">
          {diff.files.map((file) => (
            <li key={`${file.oldPath ?? ""}\u0000${file.path}`}>
              <DiffFileView
                taskId={taskId}
                file={file}
                patch={patchFor(patches, file)}
                patchTruncated={diff.truncated}
                defaultOpen={diff.files.length === 1}
                filesReadable={diff.source === "worktree"}
              />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});
