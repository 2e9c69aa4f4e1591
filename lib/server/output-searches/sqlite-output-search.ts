import "server-only";
import { setImmediate as nextTurn } from "node:timers/promises";
import Database from "better-sqlite3";
import { MAX_SEARCH_COUNT } from "../../shared/api/inputs";
import type { OutputSearchResult, SearchHit } from "../../shared/api/schemas";
import type { StoredLine } from "../../shared/protocol/ui";
import { ENTRY_CATEGORIES, type EntryCategory } from "../../shared/stream/entry-categories";
import { searchableText } from "../../shared/stream/search-text";
import type { OutputSearch, OutputSearchQuery } from "../output-search";

/** The text columns of `TaskOutputSearch` (prisma/migrations/20261202000000_output_search), in their order. */
const TEXT_COLUMNS = [...ENTRY_CATEGORIES, "other"] as const;
type TextColumn = (typeof TEXT_COLUMNS)[number];

/** Lines indexed per transaction, and the most characters of raw lines read for one: a step is short whatever. */
export const LINES_PER_STEP = 200;
const CHARACTERS_PER_STEP = 4 * 1024 * 1024;
/** How long to wait for the output writer's transaction (it takes milliseconds) before giving up on a step. */
const BUSY_TIMEOUT_MS = 2_000;
/** Words of a snippet, at most (FTS5 allows 64). */
const SNIPPET_TOKENS = 24;

/** Where FTS5 puts a found word in a snippet: private-use characters, taken out of the indexed text beforehand. */
const MARK_START = "\uE000";
const MARK_END = "\uE001";
const MARKS = /[\uE000\uE001]/g;

/** An FTS5 string: the user's word as it is, every `"` doubled, so no character of it is query syntax. */
export function quoteFts(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/**
 * The FTS5 query for a search: the task's rows (its id as a phrase in the `taskId` column) and, in the text columns
 * of `kinds` (all four when none), every term as a quoted prefix. Nothing of the user's text is left unquoted, so
 * `"foo`, `a AND (` or `NEAR(x)` are words to find, never a syntax error; no words at all find nothing.
 */
export function ftsMatchQuery(taskId: string, terms: readonly string[], kinds: readonly EntryCategory[]): string {
  const columns: readonly TextColumn[] = kinds.length > 0 ? kinds : TEXT_COLUMNS;
  // No words: the empty phrase, which finds nothing.
  const words = terms.length > 0 ? terms.map((term) => `${quoteFts(term)}*`).join(" AND ") : '""';
  return `"taskId" : ${quoteFts(taskId)} AND {${columns.map((column) => `"${column}"`).join(" ")}} : (${words})`;
}

/** A snippet with FTS5's marks → its text and where the marked words are in it. */
export function parseSnippet(marked: string): Pick<SearchHit, "snippet" | "highlights"> {
  const highlights: SearchHit["highlights"] = [];
  let snippet = "";
  let start = -1;
  for (const part of marked.split(/([\uE000\uE001])/)) {
    if (part === MARK_START) start = snippet.length;
    else if (part === MARK_END) {
      if (start >= 0 && snippet.length > start) highlights.push({ start, end: snippet.length });
      start = -1;
    } else snippet += part;
  }
  return { snippet, highlights };
}

type LineRef = { id: number; seq: number; size: number };
type HitRow = { seq: number } & Record<TextColumn, string | null>;

/**
 * `OutputSearch` on SQLite's FTS5 (better-sqlite3 has it), on a connection of its own. Indexing reads a task's
 * stored lines above its `TaskOutputSearchProgress.indexedSeq`, a step of at most `LINES_PER_STEP` lines (and
 * `CHARACTERS_PER_STEP` of them) per transaction, and puts each line's readable text in `TaskOutputSearch` under the
 * TaskOutput row's id, moving the progress on in the same transaction: a line is indexed once, whoever indexes it.
 * Between steps the event loop runs on. It runs when a search asks, so it costs the output writer nothing.
 */
export class SqliteOutputSearch implements OutputSearch {
  private readonly db: Database.Database;
  /** The run indexing each task, and how many callers asked it: one asking after its last read gets another read. */
  private readonly runs = new Map<string, { asked: number; done: Promise<number> }>();
  private readonly statements;

  constructor(databaseFile: string) {
    this.db = new Database(databaseFile, { timeout: BUSY_TIMEOUT_MS });
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("foreign_keys = ON");
    this.statements = {
      progress: this.db
        .prepare<[string], number>(`SELECT "indexedSeq" FROM "TaskOutputSearchProgress" WHERE "taskId" = ?`)
        .pluck(),
      lines: this.db.prepare<[string, number, number], LineRef>(
        `SELECT "id", "seq", length("line") AS "size" FROM "TaskOutput" WHERE "taskId" = ? AND "seq" > ? ORDER BY "seq" LIMIT ?`,
      ),
      line: this.db.prepare<[number], Pick<StoredLine, "stream" | "line">>(
        `SELECT "stream", "line" FROM "TaskOutput" WHERE "id" = ?`,
      ),
      insert: this.db.prepare(
        `INSERT OR REPLACE INTO "TaskOutputSearch" ("rowid", "taskId", "messages", "tools", "errors", "other") VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      saveProgress: this.db.prepare(
        `INSERT INTO "TaskOutputSearchProgress" ("taskId", "indexedSeq") VALUES (?, ?)
         ON CONFLICT ("taskId") DO UPDATE SET "indexedSeq" = excluded."indexedSeq"`,
      ),
      hits: this.db.prepare<[string, number, number], HitRow>(
        `SELECT o."seq" AS "seq", ${TEXT_COLUMNS.map(
          (column, i) =>
            `snippet("TaskOutputSearch", ${i + 1}, char(57344), char(57345), '…', ${SNIPPET_TOKENS}) AS "${column}"`,
        ).join(", ")}
         FROM "TaskOutputSearch" s JOIN "TaskOutput" o ON o."id" = s."rowid"
         WHERE "TaskOutputSearch" MATCH ? AND o."seq" > ?
         ORDER BY s."rowid" LIMIT ?`,
      ),
      count: this.db
        .prepare<
          [string, number],
          number
        >(`SELECT count(*) FROM (SELECT 1 FROM "TaskOutputSearch" WHERE "TaskOutputSearch" MATCH ? LIMIT ?)`)
        .pluck(),
    };
  }

  indexTask(taskId: string): Promise<number> {
    const run = this.runs.get(taskId);
    if (run) {
      run.asked++;
      return run.done;
    }
    // In the map before it starts: a run that finds nothing to do leaves it before returning.
    const started = { asked: 1, done: Promise.resolve(0) };
    this.runs.set(taskId, started);
    started.done = this.indexRun(taskId, started);
    return started.done;
  }

  async search(taskId: string, query: OutputSearchQuery): Promise<OutputSearchResult> {
    await this.indexTask(taskId);
    const match = ftsMatchQuery(taskId, query.terms, query.kinds);
    const rows = this.statements.hits.all(match, query.afterSeq, query.limit + 1);
    const columns: readonly TextColumn[] = query.kinds.length > 0 ? query.kinds : TEXT_COLUMNS;
    const hits = rows.slice(0, query.limit).map((row) => ({ seq: row.seq, ...parseSnippet(snippetOf(row, columns)) }));
    // Rows go in rowid order, which is the seq order of a task's lines (they are stored in seq order).
    hits.sort((a, b) => a.seq - b.seq);
    const total = this.statements.count.get(match, MAX_SEARCH_COUNT + 1) ?? 0;
    return {
      hits,
      hasMore: rows.length > query.limit,
      total: Math.min(total, MAX_SEARCH_COUNT),
      totalCapped: total > MAX_SEARCH_COUNT,
    };
  }

  close(): void {
    this.db.close();
  }

  private async indexRun(taskId: string, run: { asked: number }): Promise<number> {
    try {
      for (;;) {
        const asked = run.asked;
        const { indexedSeq, more } = this.indexStep(taskId);
        // Done once a read found nothing more after the last caller asked; leaving the map at once, so a caller
        // from now on starts a run of its own.
        if (!more && asked === run.asked) {
          this.runs.delete(taskId);
          return indexedSeq;
        }
        await nextTurn();
      }
    } catch (error) {
      this.runs.delete(taskId);
      throw error;
    }
  }

  /** One transaction: the next lines above the task's progress, indexed, and the progress moved past them. */
  private indexStep(taskId: string): { indexedSeq: number; more: boolean } {
    const step = this.db.transaction(() => {
      const { progress, lines, line, insert, saveProgress } = this.statements;
      const from = progress.get(taskId) ?? 0;
      const refs = lines.all(taskId, from, LINES_PER_STEP);
      let indexedSeq = from;
      let read = 0;
      for (const ref of refs) {
        // At least one line per step, however long.
        if (read > 0 && read + ref.size > CHARACTERS_PER_STEP) break;
        read += ref.size;
        const stored = line.get(ref.id);
        if (stored) {
          const text = searchableText({ seq: ref.seq, stream: stored.stream, line: stored.line });
          const values = TEXT_COLUMNS.map((column) => text[column].replace(MARKS, ""));
          if (values.some(Boolean)) insert.run(ref.id, taskId, ...values);
        }
        indexedSeq = ref.seq;
      }
      if (indexedSeq > from) saveProgress.run(taskId, indexedSeq);
      return { indexedSeq, more: refs.length === LINES_PER_STEP || indexedSeq < (refs.at(-1)?.seq ?? from) };
    });
    // Takes the write lock first: two indexers (or another process's) never read the same progress to write on it.
    return step.immediate();
  }
}

/** The snippet of the first column, of those searched, where a word was found (the others are only its start). */
function snippetOf(row: HitRow, columns: readonly TextColumn[]): string {
  const texts = columns.map((column) => row[column] ?? "");
  return texts.find((text) => text.includes(MARK_START)) ?? texts.find(Boolean) ?? "";
}
