import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../../../test/support/db";
import { searchTerms } from "../../shared/stream/search-text";
import type { OutputSearchQuery } from "../output-search";
import { ftsMatchQuery, LINES_PER_STEP, parseSnippet, quoteFts, SqliteOutputSearch } from "./sqlite-output-search";

const getDb = useTestDatabase("makima-output-search-");
let search: SqliteOutputSearch;
let sqlite: Database.Database;
let contractId: string;

const text = (seq: number, words: string) =>
  JSON.stringify({ type: "assistant", message: { content: [{ type: "text", text: `Step ${seq}: ${words}` }] } });
const bash = (command: string) =>
  JSON.stringify({
    type: "assistant",
    message: { content: [{ type: "tool_use", id: "t1", name: "Bash", input: { command } }] },
  });
const failed = (content: string) =>
  JSON.stringify({
    type: "user",
    message: { content: [{ type: "tool_result", tool_use_id: "t1", content, is_error: true }] },
  });

async function newTask(name: string): Promise<string> {
  return (await getDb().task.create({ data: { contractId, name, plan: "p" } })).id;
}

/** Stores lines the way the output writer does (raw SQL, in seq order), after what the task has. */
function store(taskId: string, lines: { stream?: string; line: string }[]): void {
  const from = (sqlite.prepare(`SELECT max(seq) FROM TaskOutput WHERE taskId = ?`).pluck().get(taskId) as number) ?? 0;
  const insert = sqlite.prepare(
    `INSERT INTO TaskOutput (taskId, seq, stream, line, jsonType, createdAt) VALUES (?, ?, ?, ?, NULL, ?)`,
  );
  sqlite.transaction(() =>
    lines.forEach((line, i) =>
      insert.run(taskId, from + i + 1, line.stream ?? "stdout", line.line, new Date().toISOString()),
    ),
  )();
}

const indexRows = (taskId: string) =>
  sqlite
    .prepare(`SELECT count(*) FROM TaskOutputSearch WHERE TaskOutputSearch MATCH ?`)
    .pluck()
    .get(`"taskId" : ${quoteFts(taskId)}`) as number;

const query = (q: string, fields: Partial<OutputSearchQuery> = {}): OutputSearchQuery => ({
  terms: searchTerms(q),
  kinds: [],
  afterSeq: 0,
  limit: 100,
  ...fields,
});

beforeAll(async () => {
  contractId = (await getDb().contract.create({ data: { name: "c", repository: "/tmp/repo" } })).id;
  sqlite = new Database(getDb.file, { timeout: 5_000 });
  sqlite.pragma("foreign_keys = ON");
  search = new SqliteOutputSearch(getDb.file);
});

afterAll(() => {
  search.close();
  sqlite.close();
});

describe("FTS5 query quoting", () => {
  it("quotes every word, doubling its quotes, so nothing typed is query syntax", () => {
    expect(quoteFts('say "hi"')).toBe('"say ""hi"""');
    expect(ftsMatchQuery("task-1", ['"foo', "AND"], [])).toBe(
      '"taskId" : "task-1" AND {"messages" "tools" "errors" "other"} : ("""foo"* AND "AND"*)',
    );
    expect(ftsMatchQuery("t", ["x"], ["errors", "tools"])).toBe('"taskId" : "t" AND {"errors" "tools"} : ("x"*)');
  });

  it("makes queries SQLite accepts, whatever the words", () => {
    const db = new Database(":memory:");
    db.exec(`CREATE VIRTUAL TABLE "TaskOutputSearch" USING fts5("taskId", "messages", "tools", "errors", "other")`);
    const match = db.prepare(`SELECT rowid FROM "TaskOutputSearch" WHERE "TaskOutputSearch" MATCH ?`);
    for (const q of ['"foo', "a AND (", "NEAR(x y)", "x:y", "{messages}", "^start", "*", "a OR b NOT c", "\"''\""])
      expect(() => match.all(ftsMatchQuery("t", searchTerms(q), [])), q).not.toThrow();
    db.close();
  });

  it("reads FTS5's marks out of a snippet as ranges", () => {
    expect(parseSnippet("…run \uE000npm\uE001 \uE000test\uE001 now")).toEqual({
      snippet: "…run npm test now",
      highlights: [
        { start: 5, end: 8 },
        { start: 9, end: 13 },
      ],
    });
  });
});

describe("the indexer", () => {
  it("indexes a task's stored lines once, and then only the lines stored since", async () => {
    const taskId = await newTask("indexed");
    store(taskId, [{ line: text(1, "alpha") }, { line: text(2, "beta") }]);
    expect(await search.indexTask(taskId)).toBe(2);
    expect(indexRows(taskId)).toBe(2);
    // Again: nothing new, nothing twice.
    expect(await search.indexTask(taskId)).toBe(2);
    expect(indexRows(taskId)).toBe(2);
    store(taskId, [{ line: text(3, "gamma") }]);
    expect(await search.indexTask(taskId)).toBe(3);
    expect(indexRows(taskId)).toBe(3);
  });

  it("indexes a long task in steps, the same whether one caller asks or many at once", async () => {
    const taskId = await newTask("long");
    const total = LINES_PER_STEP * 3 + 17;
    store(
      taskId,
      Array.from({ length: total }, (_, i) => ({ line: text(i + 1, "common") })),
    );
    const seqs = await Promise.all([search.indexTask(taskId), search.indexTask(taskId), search.indexTask(taskId)]);
    expect(seqs).toEqual([total, total, total]);
    expect(indexRows(taskId)).toBe(total);
    // A second connection (another process) indexing the same task adds nothing either.
    const other = new SqliteOutputSearch(getDb.file);
    expect(await other.indexTask(taskId)).toBe(total);
    other.close();
    expect(indexRows(taskId)).toBe(total);
  });

  it("moves past lines with nothing to read (partial messages) without indexing them", async () => {
    const taskId = await newTask("partial");
    store(taskId, [{ line: JSON.stringify({ type: "stream_event", event: {} }) }, { line: text(2, "kept") }]);
    expect(await search.indexTask(taskId)).toBe(2);
    expect(indexRows(taskId)).toBe(1);
  });

  it("lets a deleted task's index go with it", async () => {
    const taskId = await newTask("deleted");
    store(taskId, [{ line: text(1, "ephemeral") }]);
    await search.indexTask(taskId);
    expect(indexRows(taskId)).toBe(1);
    await getDb().task.delete({ where: { id: taskId } });
    expect(indexRows(taskId)).toBe(0);
    expect(sqlite.prepare(`SELECT count(*) FROM TaskOutputSearchProgress WHERE taskId = ?`).pluck().get(taskId)).toBe(
      0,
    );
  });
});

describe("SqliteOutputSearch.search", () => {
  let taskId: string;
  let otherTaskId: string;

  beforeAll(async () => {
    taskId = await newTask("searched");
    otherTaskId = await newTask("elsewhere");
    store(taskId, [
      { line: text(1, "The Parser is broken") },
      { line: bash("npm run build -- --filter parser-core") },
      { line: failed("Error: parser crashed at line 3") },
      { line: text(4, "nothing to see") },
      { stream: "stderr", line: "warning: parsers are slow" },
      {
        line: JSON.stringify({
          type: "assistant",
          message: { content: [{ type: "text", text: "ok" }] },
          parser: "key",
        }),
      },
    ]);
    store(otherTaskId, [{ line: text(1, "parser elsewhere") }]);
  });

  it("indexes before it answers: lines stored a moment ago are found", async () => {
    const late = await newTask("late");
    store(late, [{ line: text(1, "freshly stored") }]);
    const result = await search.search(late, query("freshly"));
    expect(result.hits.map((hit) => hit.seq)).toEqual([1]);
  });

  it("finds the words as starts of words, in seq order, within the task only, with the count", async () => {
    const result = await search.search(taskId, query("parser"));
    expect(result.hits.map((hit) => hit.seq)).toEqual([1, 2, 3, 5]);
    expect(result).toMatchObject({ total: 4, totalCapped: false, hasMore: false });
    // Case and prefix: "PARS" finds parser, parsers and parser-core alike.
    expect((await search.search(taskId, query("PARS"))).total).toBe(4);
    // Every word must be in the line.
    expect((await search.search(taskId, query("parser crashed"))).hits.map((hit) => hit.seq)).toEqual([3]);
  });

  it("never finds the JSON keys or the task's own id", async () => {
    expect((await search.search(taskId, query("key"))).total).toBe(0);
    expect((await search.search(taskId, query("tool_use"))).total).toBe(0);
    expect((await search.search(taskId, query(taskId.split("-")[0]))).total).toBe(0);
  });

  it("gives each hit a snippet with the words found marked", async () => {
    const [hit] = (await search.search(taskId, query("crashed"))).hits;
    expect(hit.snippet).toBe("Error: parser crashed at line 3");
    expect(hit.highlights.map(({ start, end }) => hit.snippet.slice(start, end))).toEqual(["crashed"]);
    const [command] = (await search.search(taskId, query("npm build"))).hits;
    expect(command.highlights.map(({ start, end }) => command.snippet.slice(start, end))).toEqual(["npm", "build"]);
  });

  it("searches only the kinds asked for", async () => {
    const seqs = async (kinds: OutputSearchQuery["kinds"]) =>
      (await search.search(taskId, query("parser", { kinds }))).hits.map((hit) => hit.seq);
    expect(await seqs(["messages"])).toEqual([1]);
    expect(await seqs(["tools"])).toEqual([2, 3]);
    expect(await seqs(["errors"])).toEqual([3, 5]);
    expect(await seqs(["messages", "errors"])).toEqual([1, 3, 5]);
  });

  it("pages the hits after a seq, counting them all", async () => {
    const first = await search.search(taskId, query("parser", { limit: 2 }));
    expect(first.hits.map((hit) => hit.seq)).toEqual([1, 2]);
    expect(first).toMatchObject({ hasMore: true, total: 4 });
    const next = await search.search(taskId, query("parser", { limit: 2, afterSeq: 2 }));
    expect(next.hits.map((hit) => hit.seq)).toEqual([3, 5]);
    expect(next).toMatchObject({ hasMore: false, total: 4 });
  });

  it("takes FTS5's syntax in a query as words to find, never failing", async () => {
    for (const q of ['"parser', "parser AND (", "parser OR", "NEAR(parser)", "parser*", "{tools}: parser", "-parser"]) {
      const result = await search.search(taskId, query(q));
      expect(result.total, q).toBeGreaterThanOrEqual(0);
    }
    expect((await search.search(taskId, query('"parser'))).total).toBe(4);
    expect((await search.search(taskId, query("AND"))).total).toBe(0);
    expect((await search.search(taskId, query("( ) *"))).total).toBe(0);
  });
});
