"use client";

import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from "react";
import { fetchApi } from "@/components/query/fetch-api";
import { MAX_SEARCH_HITS } from "@/lib/shared/api/inputs";
import { OutputSearchResult, type SearchHit } from "@/lib/shared/api/schemas";
import type { EntryCategory } from "@/lib/shared/stream/entry-categories";
import { searchTerms } from "@/lib/shared/stream/search-text";

/** How long typing pauses before the search is asked for. */
const TYPING_PAUSE_MS = 250;

type Found = Omit<OutputSearchResult, "hits"> & { hits: SearchHit[] };

const small = "rounded px-2 py-0.5 text-xs font-medium text-zinc-700 hover:bg-zinc-100 disabled:opacity-40";

/**
 * Find in a task's whole output, on the server (`GET /api/v1/tasks/:id/search`), so lines not loaded yet are found
 * too: the count ("3 of 17"), Next and Previous (Enter, Shift+Enter) going to each hit in seq order through
 * `onGoTo`, Escape to close. Searches only the kinds the view shows (`kinds`), and pages through hits past the first
 * `MAX_SEARCH_HITS`.
 */
export function OutputSearchBar({
  taskId,
  kinds,
  onGoTo,
  onTermsChange,
  onClose,
}: {
  taskId: string;
  kinds: readonly EntryCategory[];
  onGoTo: (seq: number) => void;
  /** The words searched for, to mark them in the view. */
  onTermsChange: (terms: string[]) => void;
  onClose: () => void;
}) {
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<Found | null>(null);
  const [current, setCurrent] = useState(-1);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => input.current?.focus(), []);

  const ask = useCallback(
    (q: string, afterSeq: number, signal?: AbortSignal) => {
      const params = new URLSearchParams({ q, afterSeq: String(afterSeq), limit: String(MAX_SEARCH_HITS) });
      if (kinds.length > 0) params.set("kinds", kinds.join(","));
      return fetchApi(
        `/api/v1/tasks/${encodeURIComponent(taskId)}/search?${params}`,
        "search",
        OutputSearchResult,
        signal,
      );
    },
    [taskId, kinds],
  );

  const onQueryChange = (value: string) => {
    setQuery(value);
    setCurrent(-1);
    const terms = searchTerms(value);
    onTermsChange(terms);
    if (terms.length === 0) {
      setFound(null);
      setError(null);
      setBusy(false);
    }
  };

  useEffect(() => {
    if (searchTerms(query).length === 0) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      setBusy(true);
      const answer = await ask(query, 0, controller.signal);
      if (controller.signal.aborted) return;
      setBusy(false);
      setCurrent(-1);
      setFound(answer.ok ? answer.value : null);
      setError(answer.ok ? null : answer.error);
    }, TYPING_PAUSE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, ask]);

  const goTo = useCallback(
    async (index: number) => {
      if (!found || found.hits.length === 0) return;
      let hits = found.hits;
      if (index >= hits.length && found.hasMore) {
        const more = await ask(query, hits[hits.length - 1].seq);
        if (!more.ok) return setError(more.error);
        hits = hits.concat(more.value.hits);
        setFound({ ...found, hits, hasMore: more.value.hasMore });
      }
      // Round from the last to the first, and back, once every hit is held.
      const next = index >= hits.length ? 0 : index < 0 ? hits.length - 1 : index;
      setCurrent(next);
      onGoTo(hits[next].seq);
    },
    [found, ask, query, onGoTo],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Escape") {
      event.preventDefault();
      onClose();
    } else if (event.key === "Enter") {
      event.preventDefault();
      void goTo(event.shiftKey ? current - 1 : current + 1);
    }
  };

  const total = found ? `${found.total.toLocaleString("en-US")}${found.totalCapped ? "+" : ""}` : "";
  const count = !found
    ? busy
      ? "Searching…"
      : ""
    : found.total === 0
      ? "No matches"
      : current >= 0
        ? `${(current + 1).toLocaleString("en-US")} of ${total}`
        : `${total} ${found.total === 1 ? "match" : "matches"}`;
  const none = !found || found.hits.length === 0;

  return (
    <div
      role="search"
      className="flex flex-wrap items-center gap-2 rounded-md border border-zinc-200 bg-zinc-50 px-2 py-1"
    >
      <input
        ref={input}
        type="search"
        aria-label="Search output"
        placeholder="Search output"
        value={query}
        maxLength={500}
        onChange={(event) => onQueryChange(event.target.value)}
        onKeyDown={onKeyDown}
        className="min-w-0 flex-1 rounded border border-zinc-300 bg-white px-2 py-0.5 text-sm"
      />
      <span data-testid="search-count" aria-live="polite" className="min-w-16 text-xs text-zinc-600">
        {count}
      </span>
      <button type="button" className={small} disabled={none} onClick={() => void goTo(current - 1)}>
        Previous
      </button>
      <button type="button" className={small} disabled={none} onClick={() => void goTo(current + 1)}>
        Next
      </button>
      <button type="button" className={small} aria-label="Close search" onClick={onClose}>
        ✕
      </button>
      {error ? (
        <p role="alert" className="basis-full text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
