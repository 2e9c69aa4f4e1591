"use client";

import { useQuery } from "@tanstack/react-query";
import { RepoFile } from "@/lib/shared/protocol/worktree";
import { fetchApi, type ApiResult } from "@/components/query/fetch-api";
import { queryKeys } from "@/components/query/keys";

/** Lines of a file or a file's diff rendered at most: a huge generated file must not stall the page. */
export const LINE_LIMIT = 5_000;

/** A text file's lines; the newline ending the last line does not start another. */
export function fileLines(content: string): string[] {
  if (content === "") return [];
  const lines = content.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/**
 * One file of the task's worktree (or branch), fetched when mounted: mounting follows a click on "View file". Viewed
 * again, it shows what was fetched last while it is fetched afresh.
 */
export function RepoFileView({ taskId, path }: { taskId: string; path: string }) {
  const { data } = useQuery({
    queryKey: queryKeys.repoFile(taskId, path),
    queryFn: ({ signal }) =>
      fetchApi(
        `/api/v1/tasks/${encodeURIComponent(taskId)}/file?path=${encodeURIComponent(path)}`,
        "file",
        RepoFile,
        signal,
      ),
  });

  return (
    <div role="region" aria-label={`File ${path}`} className="border-t border-neutral-200">
      <RepoFileBody result={data ?? null} />
    </div>
  );
}

const note = "px-3 py-2 text-sm text-neutral-600";

export function RepoFileBody({ result }: { result: ApiResult<RepoFile> | null }) {
  if (!result) return <p className={note}>Loading file…</p>;
  if (!result.ok) {
    return (
      <div role="alert" className="m-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
        {result.error}
      </div>
    );
  }
  const file = result.value;
  if (file.binary)
    return <p className={note}>{`Binary file (${file.sizeBytes.toLocaleString("en-US")} bytes), not shown`}</p>;
  const lines = fileLines(file.content);
  const shown = lines.length > LINE_LIMIT ? lines.slice(0, LINE_LIMIT) : lines;
  return (
    <div>
      {file.truncated && (
        <p className="border-b border-amber-200 bg-amber-50 px-3 py-1.5 text-sm text-amber-900">
          {`The file is too large to show in full (${file.sizeBytes.toLocaleString("en-US")} bytes); only its start is shown.`}
        </p>
      )}
      {lines.length === 0 ? (
        <p className={note}>Empty file</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="min-w-full border-collapse font-mono text-xs [tab-size:4]">
            <tbody>
              {shown.map((line, i) => (
                <tr key={i}>
                  <td className="w-px select-none px-2 text-right align-top text-neutral-400">{i + 1}</td>
                  <td className="whitespace-pre pr-4 text-neutral-900">{line}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {lines.length > shown.length && (
        <p className={note}>{`…${(lines.length - shown.length).toLocaleString("en-US")} more lines not shown`}</p>
      )}
    </div>
  );
}
