"use client";

import { useEffect, useState } from "react";
import { RepoFile } from "@/lib/shared/protocol/worktree";

/** Lines of a file or a file's diff rendered at most: a huge generated file must not stall the page. */
export const LINE_LIMIT = 5_000;

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * GETs one of the `/api/v1` task routes (with the session cookie), which answer `{ [key]: value }` with a 2xx status
 * or `{ error }` with another. Never throws: a network failure, a page that is not JSON or a value of the wrong shape becomes an
 * error to show. The value is checked against its schema, as the daemon's answer passes through unchanged.
 */
export async function fetchApi<T>(
  url: string,
  key: string,
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } },
  signal?: AbortSignal,
): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, { signal, cache: "no-store", headers: { accept: "application/json" } });
  } catch (error) {
    return {
      ok: false,
      error: `Could not reach the server: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const body: unknown = await response.json().catch(() => null);
  if (body && typeof body === "object") {
    const answer = body as Record<string, unknown>;
    if (response.ok && key in answer) {
      const parsed = schema.safeParse(answer[key]);
      if (parsed.success) return { ok: true, value: parsed.data };
      return { ok: false, error: "The server's answer was not understood." };
    }
    if (typeof answer.error === "string" && answer.error) return { ok: false, error: answer.error };
  }
  return { ok: false, error: `Request failed (HTTP ${response.status}).` };
}

/** A text file's lines; the newline ending the last line does not start another. */
export function fileLines(content: string): string[] {
  if (content === "") return [];
  const lines = content.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/** One file of the task's worktree (or branch), fetched when mounted: mounting follows a click on "View file". */
export function RepoFileView({ taskId, path }: { taskId: string; path: string }) {
  const [result, setResult] = useState<ApiResult<RepoFile> | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    const url = `/api/v1/tasks/${encodeURIComponent(taskId)}/file?path=${encodeURIComponent(path)}`;
    void fetchApi(url, "file", RepoFile, controller.signal).then((answer) => {
      if (!controller.signal.aborted) setResult(answer);
    });
    return () => controller.abort();
  }, [taskId, path]);

  return (
    <div role="region" aria-label={`File ${path}`} className="border-t border-neutral-200">
      <RepoFileBody result={result} />
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
