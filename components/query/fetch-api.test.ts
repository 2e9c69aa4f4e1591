import { afterEach, describe, expect, it, vi } from "vitest";
import { RepoFile, TaskDiff } from "../../lib/shared/protocol/worktree";
import { fetchApi } from "./fetch-api";

const diff: TaskDiff = {
  source: "worktree",
  baseBranch: "main",
  baseCommit: "a".repeat(40),
  headCommit: "b".repeat(40),
  branch: "makima/task-1",
  files: [{ path: "a.ts", oldPath: null, status: "modified", additions: 1, deletions: 0, binary: false }],
  patch: "",
  truncated: false,
};

describe("fetchApi", () => {
  afterEach(() => vi.unstubAllGlobals());
  const answer = (status: number, body: string) =>
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response(body, { status })),
    );

  it("gives the value of an ok answer, checked against its schema", async () => {
    answer(200, JSON.stringify({ diff }));
    expect(await fetchApi("/api/v1/tasks/t1/diff", "diff", TaskDiff)).toEqual({ ok: true, value: diff });
    answer(200, JSON.stringify({ diff: { files: "nope" } }));
    expect(await fetchApi("/api/v1/tasks/t1/diff", "diff", TaskDiff)).toEqual({
      ok: false,
      error: "The server's answer was not understood.",
    });
  });

  it("gives the route's error whatever the status, or the status when there is none", async () => {
    answer(502, JSON.stringify({ error: "The daemon is offline" }));
    expect(await fetchApi("/x", "file", RepoFile)).toEqual({ ok: false, error: "The daemon is offline" });
    answer(404, "<html>Not found</html>");
    expect(await fetchApi("/x", "file", RepoFile)).toEqual({ ok: false, error: "Request failed (HTTP 404)." });
  });

  it("turns a network failure into an error", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => Promise.reject(new TypeError("fetch failed"))),
    );
    expect(await fetchApi("/x", "file", RepoFile)).toEqual({
      ok: false,
      error: "Could not reach the server: fetch failed",
    });
  });
});
