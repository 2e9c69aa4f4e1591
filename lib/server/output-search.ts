import "server-only";
import type { OutputSearchResult } from "../shared/api/schemas";
import { databaseUrl, sqliteFilePath } from "../shared/data-location";
import type { EntryCategory } from "../shared/stream/entry-categories";
import { SqliteOutputSearch } from "./output-searches/sqlite-output-search";

export interface OutputSearchQuery {
  /** The words to find (`searchTerms` of lib/shared/stream/search-text.ts): each must start a word of the line. */
  terms: readonly string[];
  /** Only in the text of these categories; empty: in all of a line's text. */
  kinds: readonly EntryCategory[];
  /** Hits after this seq only (paging); the total counts them all. */
  afterSeq: number;
  limit: number;
}

/**
 * Search of task output, over what a person reads of each stored line (`searchableText`, lib/shared/stream/
 * search-text.ts: the task view's own parsers), not the raw stream-json. `SqliteOutputSearch`
 * (lib/server/output-searches/sqlite-output-search.ts, FTS5) is the one in use; another database's goes next to it
 * (PostgreSQL: a tsvector column and a GIN index) and is chosen in `getOutputSearch`.
 *
 * What an implementation promises:
 * - The index is filled off the write path: `indexTask` indexes the task's stored lines above the last one indexed,
 *   each once (a second call, or two at once, index nothing twice), in bounded steps that let other work run between.
 * - `search` first indexes what is stored and not indexed yet, so it finds every line stored before it was called;
 *   its hits come in seq order, each with a snippet of the line's text and where the words are in it.
 * - The work per line is bounded whatever the line (`MAX_SEARCH_TEXT_PER_LINE` characters of text at most), and a
 *   query is the person's words, never the database's query syntax: nothing typed makes it fail.
 * - A deleted task's index goes with it.
 */
export interface OutputSearch {
  /** Indexes the task's stored lines not indexed yet; resolves with the highest seq indexed. */
  indexTask(taskId: string): Promise<number>;
  search(taskId: string, query: OutputSearchQuery): Promise<OutputSearchResult>;
  close(): void;
}

const holder = globalThis as unknown as { __makimaOutputSearch?: OutputSearch };

/**
 * The process's output search, on the server's database. The custom server and the Next.js bundle load this module
 * separately, so the instance lives on globalThis and both share it.
 */
export function getOutputSearch(): OutputSearch {
  holder.__makimaOutputSearch ??= new SqliteOutputSearch(sqliteFilePath(databaseUrl()));
  return holder.__makimaOutputSearch;
}
