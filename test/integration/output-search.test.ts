import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as spawnTask } from "../../app/api/v1/contracts/[id]/tasks/route";
import { GET as downloadOutput } from "../../app/api/v1/tasks/[id]/output.jsonl/route";
import { GET as getTask } from "../../app/api/v1/tasks/[id]/route";
import { GET as searchOutput } from "../../app/api/v1/tasks/[id]/search/route";
import { createApiKey } from "../../lib/server/api-keys/api-key-store";
import { getDb } from "../../lib/server/db/client";
import { MAX_SEARCH_COUNT } from "../../lib/shared/api/inputs";
import { SearchAnswer } from "../../lib/shared/api/schemas";
import { callRoute, type ApiRoute } from "../support/api-route";
import { createTestUser, personKey } from "../support/auth";
import { createGitRepo } from "../support/git";
import { openDatabase, seedTask, transcriptLine } from "../support/seed-output";
import { daemonKey, startTestDaemon, startTestServer, waitFor } from "../support/stack";

/**
 * Search and download of a task's output through the API routes, on a real server: a task the daemon ran (its lines
 * written by the output store) and one seeded straight into the database with more lines than any view loads.
 */
const SEEDED_LINES = 20_100;

let server: Awaited<ReturnType<typeof startTestServer>>;
let daemon: ReturnType<typeof startTestDaemon>;
let viewerKey: string;
let memberKey: string;
let otherContractKey: string;
let contractId: string;
let seededId: string;

beforeAll(async () => {
  server = await startTestServer();
  daemon = startTestDaemon({ serverUrl: server.url, apiKey: await daemonKey() });
  const db = getDb();
  contractId = (await db.contract.create({ data: { name: "Searched", repository: createGitRepo() } })).id;
  const otherContractId = (await db.contract.create({ data: { name: "Other", repository: createGitRepo() } })).id;
  viewerKey = await personKey("viewer");
  memberKey = await personKey("member");
  const member = await createTestUser("member");
  otherContractKey = (
    await createApiKey(db, { name: "task", scope: "task", userId: member.id, contractId: otherContractId })
  ).key;
  const sqlite = openDatabase(path.join(server.dataDir, "makima.db"));
  try {
    seededId = seedTask(sqlite, { contractId, name: "Seeded", lines: SEEDED_LINES });
  } finally {
    sqlite.close();
  }
});

afterAll(async () => {
  await daemon?.stop();
  await server?.close();
});

function search(id: string, query: string, key: string | null = viewerKey) {
  return callRoute(searchOutput as ApiRoute<{ id: string }>, { id }, { key, query });
}

describe("GET /api/v1/tasks/:id/search", () => {
  it("finds a word in the output a daemon just wrote, by what is shown, with a snippet and its highlights", async () => {
    const spawned = await callRoute(
      spawnTask,
      { id: contractId },
      {
        key: memberKey,
        method: "POST",
        body: { name: "Edits", plan: "scenario:edit\nwrite docs/zebra-notes.md stripes" },
      },
    );
    expect(spawned.status).toBe(201);
    const taskId = spawned.body.task.id;
    await waitFor(
      async () => (await callRoute(getTask, { id: taskId }, { key: viewerKey })).body.task.status === "completed",
      20_000,
      "the task",
    );

    const { status, body } = await search(taskId, "?q=zebra-notes");
    expect(status).toBe(200);
    const { search: found } = SearchAnswer.parse(body);
    // The Write call (its file path) and its result ("File written: docs/zebra-notes.md").
    expect(found.hits).toHaveLength(2);
    expect(found.total).toBe(2);
    for (const hit of found.hits) {
      const marked = hit.highlights.map(({ start, end }) => hit.snippet.slice(start, end).toLowerCase());
      // The phrase is marked as one, punctuation and all.
      expect(marked).toEqual(["zebra-notes"]);
    }
    // Only in tool calls; never in the raw JSON's keys.
    expect((await search(taskId, "?q=zebra&kinds=messages")).body.search.total).toBe(0);
    expect((await search(taskId, "?q=zebra&kinds=tools")).body.search.total).toBe(2);
    expect((await search(taskId, "?q=file_path")).body.search.total).toBe(0);
  });

  it("searches every stored line of a long task, in seq order, counting up to its cap", async () => {
    // Seq 6's text says "Step 6: …" (test/support/seed-output.ts): the first line with both words.
    const { body } = await search(seededId, "?q=Step%206%3A");
    expect(body.search.hits[0]).toMatchObject({ seq: 6, snippet: expect.stringMatching(/^Step 6: /) });

    const common = await search(seededId, "?q=step&limit=1000");
    expect(common.status).toBe(200);
    const seqs: number[] = common.body.search.hits.map((hit: { seq: number }) => hit.seq);
    expect(seqs).toHaveLength(1000);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(common.body.search).toMatchObject({ hasMore: true, total: MAX_SEARCH_COUNT, totalCapped: true });
    const next = await search(seededId, `?q=step&limit=5&afterSeq=${seqs.at(-1)}`);
    expect(next.body.search.hits[0].seq).toBeGreaterThan(seqs.at(-1)!);
  });

  it("takes the query's syntax characters as words, and refuses bad input with a clear 4xx", async () => {
    for (const q of ['"foo', "a AND (", "NEAR(x)", "step*", "{tools}:step"]) {
      const { status } = await search(seededId, `?q=${encodeURIComponent(q)}`);
      expect(status, q).toBe(200);
    }
    const refused = async (query: string, key: string | null = viewerKey, id = seededId) => {
      const { status, body } = await search(id, query, key);
      return { status, error: body.error as string };
    };
    expect(await refused("")).toMatchObject({ status: 422, error: expect.stringMatching(/\?q=/) });
    expect(await refused("?q=")).toMatchObject({ status: 422, error: expect.stringMatching(/at least one word/) });
    expect(await refused("?q=%28%20%29")).toMatchObject({ status: 422 });
    expect(await refused(`?q=${"x".repeat(501)}`)).toMatchObject({ status: 422, error: expect.stringMatching(/500/) });
    expect(await refused("?q=x&kinds=everything")).toMatchObject({
      status: 422,
      error: expect.stringMatching(/kinds/),
    });
    expect(await refused("?q=x&limit=100000")).toMatchObject({ status: 422 });
    expect(await refused("?q=x", viewerKey, "no-such-task")).toMatchObject({ status: 404 });
    expect(await refused("?q=x", null)).toMatchObject({ status: 401 });
    expect(await refused("?q=x", otherContractKey)).toMatchObject({ status: 403 });
  });
});

describe("GET /api/v1/tasks/:id/output.jsonl", () => {
  it("streams every stored line as printed, in seq order, as an attachment", async () => {
    const request = new Request("http://makima.test/api/v1/x", { headers: { authorization: `Bearer ${viewerKey}` } });
    const response = await downloadOutput(request, { params: Promise.resolve({ id: seededId }) });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="task-${seededId}.jsonl"`);
    const text = await response.text();
    const lines = text.split("\n");
    expect(lines.pop()).toBe("");
    expect(lines).toHaveLength(SEEDED_LINES);
    expect(lines[0]).toBe(transcriptLine(1, SEEDED_LINES).line);
    expect(lines[12_345]).toBe(transcriptLine(12_346, SEEDED_LINES).line);
    expect(lines.at(-1)).toBe(transcriptLine(SEEDED_LINES, SEEDED_LINES).line);
  });

  it("refuses an unknown task, a missing key and another contract's task key", async () => {
    const call = (id: string, key: string | null) => callRoute(downloadOutput, { id }, { key });
    expect((await call("no-such-task", viewerKey)).status).toBe(404);
    expect((await call(seededId, null)).status).toBe(401);
    expect((await call(seededId, otherContractKey)).status).toBe(403);
  });
});
