"use client";

import { useId, useState } from "react";
import { secondaryButtonClass } from "@/components/ui/styles";
import type { DiffFilePatch, DiffHunk, DiffLine } from "@/lib/shared/diff/unified-diff";
import type { DiffFileStatus, TaskDiffFile } from "@/lib/shared/protocol/worktree";
import { LINE_LIMIT, RepoFileView } from "./repo-file-view";

const STATUS_BADGES: Record<DiffFileStatus, { letter: string; style: string }> = {
  added: { letter: "A", style: "bg-green-100 text-green-800" },
  modified: { letter: "M", style: "bg-amber-100 text-amber-800" },
  deleted: { letter: "D", style: "bg-red-100 text-red-800" },
  renamed: { letter: "R", style: "bg-violet-100 text-violet-800" },
  copied: { letter: "C", style: "bg-sky-100 text-sky-800" },
  typechange: { letter: "T", style: "bg-neutral-200 text-neutral-700" },
};

/** The one-letter code `git status` uses for a file's change. */
export function statusLetter(status: DiffFileStatus): string {
  return STATUS_BADGES[status]?.letter ?? "?";
}

/** The hunks to render within a budget of lines, the last one cut; `hidden` counts the lines left out. */
export function limitHunks(hunks: DiffHunk[], limit: number): { hunks: DiffHunk[]; hidden: number } {
  const shown: DiffHunk[] = [];
  let budget = limit;
  let hidden = 0;
  for (const hunk of hunks) {
    if (budget <= 0) hidden += hunk.lines.length;
    else if (hunk.lines.length <= budget) shown.push(hunk);
    else {
      shown.push({ ...hunk, lines: hunk.lines.slice(0, budget) });
      hidden += hunk.lines.length - budget;
    }
    budget -= hunk.lines.length;
  }
  return { hunks: shown, hidden };
}

/** Whether the file can be fetched from the worktree and shown as text. */
export function viewable(file: TaskDiffFile): boolean {
  return file.status !== "deleted" && !file.binary;
}

/**
 * One changed file: a row with its status, path and counts that expands to its hunks. The hunks are rendered only
 * while expanded, so a diff of thousands of files costs little until someone looks.
 */
export function DiffFileView({
  taskId,
  file,
  patch,
  patchTruncated,
  defaultOpen = false,
  filesReadable = true,
}: {
  taskId: string;
  file: TaskDiffFile;
  /** This file's part of the patch; undefined when the patch does not have it. */
  patch: DiffFilePatch | undefined;
  /** The whole patch was cut at the daemon's size limit. */
  patchTruncated: boolean;
  defaultOpen?: boolean;
  /** The worktree is still there to read files from (false once the diff comes from the branch alone). */
  filesReadable?: boolean;
}) {
  const [open, setOpen] = useState(defaultOpen);
  const [showFile, setShowFile] = useState(false);
  const bodyId = useId();
  const badge = STATUS_BADGES[file.status] ?? { letter: "?", style: "bg-neutral-200 text-neutral-700" };

  return (
    <div
      data-testid="diff-file"
      role="group"
      aria-label={file.path}
      className="overflow-hidden rounded-md border border-neutral-200 bg-white"
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 bg-neutral-50 px-2 py-1.5">
        <button
          type="button"
          aria-expanded={open}
          aria-controls={bodyId}
          onClick={() => setOpen(!open)}
          className="flex min-w-0 flex-1 items-center gap-2 rounded text-left text-sm focus-visible:outline-2 focus-visible:outline-blue-600"
        >
          <span aria-hidden="true" className="w-3 shrink-0 text-neutral-500">
            {open ? "▾" : "▸"}
          </span>
          <span
            aria-hidden="true"
            title={file.status}
            className={`shrink-0 rounded px-1.5 font-mono text-xs font-semibold ${badge.style}`}
          >
            {badge.letter}
          </span>
          <span className="sr-only">{file.status}</span>
          <span className="min-w-0 break-all font-mono text-xs text-neutral-900">
            {file.oldPath && file.oldPath !== file.path ? `${file.oldPath} → ${file.path}` : file.path}
          </span>
        </button>
        <span className="shrink-0 font-mono text-xs">
          {file.binary ? (
            <span className="text-neutral-500">binary</span>
          ) : (
            <>
              <span className="text-green-700">{`+${file.additions}`}</span>{" "}
              <span className="text-red-700">{`−${file.deletions}`}</span>
            </>
          )}
        </span>
        {filesReadable && viewable(file) && (
          <button
            type="button"
            aria-expanded={showFile}
            onClick={() => setShowFile(!showFile)}
            className={`${secondaryButtonClass} px-2 py-0.5 text-xs`}
          >
            {showFile ? "Hide file" : "View file"}
          </button>
        )}
      </div>
      <div id={bodyId} hidden={!open}>
        {open && <FileDiffBody file={file} patch={patch} patchTruncated={patchTruncated} />}
      </div>
      {filesReadable && showFile && <RepoFileView taskId={taskId} path={file.path} />}
    </div>
  );
}

const bodyNote = "border-t border-neutral-200 px-3 py-2 text-sm text-neutral-600";

/** Why a file has no lines to show, or its hunks. */
function FileDiffBody({
  file,
  patch,
  patchTruncated,
}: {
  file: TaskDiffFile;
  patch: DiffFilePatch | undefined;
  patchTruncated: boolean;
}) {
  if (file.binary || patch?.binary) return <p className={bodyNote}>Binary file: no diff shown.</p>;
  if (!patch) {
    return (
      <p className={bodyNote}>
        {patchTruncated ? "Not in the diff: it was cut at the size limit." : "No diff to show for this file."}
      </p>
    );
  }
  if (patch.hunks.length === 0) {
    return (
      <p className={bodyNote}>
        {file.status === "renamed" || file.status === "copied" ? "No changes to the content." : "No content changes."}
      </p>
    );
  }
  return <DiffHunksTable patch={patch} label={`Diff of ${file.path}`} />;
}

const cell = "w-px select-none px-2 text-right align-top text-neutral-400";
const lineStyle: Record<DiffLine["kind"], { row: string; marker: string }> = {
  add: { row: "bg-green-50 text-green-900", marker: "+" },
  del: { row: "bg-red-50 text-red-900", marker: "-" },
  context: { row: "text-neutral-800", marker: " " },
  note: { row: "italic text-neutral-500", marker: "\\" },
};

/** A file's hunks as a table of old and new line numbers; long lines scroll sideways instead of wrapping. */
export function DiffHunksTable({ patch, label }: { patch: DiffFilePatch; label: string }) {
  const { hunks, hidden } = limitHunks(patch.hunks, LINE_LIMIT);
  return (
    <div className="border-t border-neutral-200">
      <div className="overflow-x-auto">
        <table aria-label={label} className="min-w-full border-collapse font-mono text-xs [tab-size:4]">
          {hunks.map((hunk, h) => (
            <tbody key={h}>
              <tr data-kind="hunk">
                <td colSpan={4} className="whitespace-pre bg-blue-50 px-2 py-0.5 text-blue-800">
                  {hunk.header}
                </td>
              </tr>
              {hunk.lines.map((line, i) => {
                const style = lineStyle[line.kind];
                return (
                  <tr key={i} data-kind={line.kind} className={style.row}>
                    <td className={cell}>{line.oldNumber ?? ""}</td>
                    <td className={cell}>{line.newNumber ?? ""}</td>
                    <td
                      aria-hidden={line.kind === "context" ? true : undefined}
                      className="w-px select-none pl-1 align-top"
                    >
                      {style.marker}
                    </td>
                    <td className="whitespace-pre pr-4">{line.text}</td>
                  </tr>
                );
              })}
            </tbody>
          ))}
        </table>
      </div>
      {hidden > 0 && (
        <p className="px-3 py-2 text-sm text-neutral-600">{`…${hidden.toLocaleString("en-US")} more lines not shown`}</p>
      )}
      {patch.truncated && (
        <p className="px-3 py-2 text-sm text-neutral-600">
          The rest of this file&apos;s diff was cut at the size limit.
        </p>
      )}
    </div>
  );
}
