"use client";

import { useCallback, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import type { TaskHistoryPage } from "@/lib/shared/protocol/ui";
import type { EntryCategory } from "@/lib/shared/stream/entry-categories";
import { ConnectionBadge } from "./connection-badge";
import { EntryActions } from "./entry-actions";
import { StreamItemView } from "./entry-view";
import { LiveMessage } from "./live-message";
import { OutputFilters } from "./output-filters";
import { OutputSearchBar } from "./output-search-bar";
import { filterRows, lineOfSeq } from "./row-seqs";
import { PinnedTodos } from "./todo-view";
import { useAutoScroll } from "./use-auto-scroll";
import { useConnection } from "./use-connection";
import { useJumpToSeq } from "./use-jump-to-seq";
import { useLiveText } from "./use-live-text";
import { useSearchHighlights } from "./use-search-highlights";
import { useStreamItems } from "./use-stream-items";
import { useTaskLines } from "./use-task-lines";
import { TOP_BAND_PX, useVisibleWindow } from "./use-visible-window";

/** How many of the newest rows the page shows before its scripts run (all the server sent, at most). */
const PREVIEW_ROWS = 60;

const noSubscription = () => () => {};
const NO_TERMS: readonly string[] = [];

/**
 * A task's output, live and tail first: the newest lines the server rendered into the page (`newest`), then, over the
 * socket, what follows them and, as the reader scrolls back, older pages (up to "Beginning of output"), with no gap
 * and no duplicate across reloads and reconnects. Only the rows on screen are rendered. Follows new output while
 * scrolled to the bottom; the log takes the keyboard focus, so PageUp, PageDown, Home and End page through it.
 * Mount it under `key={taskId}`.
 */
export function TaskStreamView({ taskId, newest }: { taskId: string; newest: TaskHistoryPage | null }) {
  const {
    lines,
    version,
    loaded,
    reachedStart,
    lowestSeq,
    contiguousSeq,
    newestSeq,
    loadEarlier,
    startedElsewhere,
    showAround,
    showNewest,
    error,
  } = useTaskLines(taskId, newest);
  const rows = useStreamItems(lines, version);
  // The Messages / Tools / Errors filters: with none on, the rows themselves (the same array, growing in place).
  const [shownKinds, setShownKinds] = useState<ReadonlySet<EntryCategory>>(() => new Set());
  const shownRows = useMemo(
    () => filterRows(rows, shownKinds),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `rows` changes in place: `version` says when.
    [rows, shownKinds, version],
  );
  const kinds = useMemo(() => [...shownKinds], [shownKinds]);
  const connection = useConnection();
  const logRef = useRef<HTMLDivElement>(null);
  const scroll = useAutoScroll(logRef);
  const live = useLiveText(taskId);
  // The message being written is below the list: while following, its newest words stay in view as it grows.
  useLayoutEffect(() => {
    const log = logRef.current;
    if (scroll.following && log && live.length > 0) log.scrollTop = log.scrollHeight;
  }, [live, scroll.following]);
  const virtualizer = useVisibleWindow(logRef, shownRows, {
    following: scroll.following,
    reachedStart,
    loadEarlier,
    version: `${version}:${connection}`,
  });
  // Until the page has hydrated, the rows the server rendered, bottom-aligned (no script places them yet).
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const jump = useJumpToSeq({
    rows: shownRows,
    loaded,
    reachedStart,
    lowestSeq,
    contiguousSeq,
    startedElsewhere,
    loadEarlier,
    showAround,
    version: `${version}:${connection}`,
    virtualizer,
    stopFollowing: scroll.stopFollowing,
  });
  const [searching, setSearching] = useState(false);
  const [searchedTerms, setSearchedTerms] = useState<readonly string[]>(NO_TERMS);
  useSearchHighlights(logRef, searching ? searchedTerms : NO_TERMS);
  const lineOf = useCallback((seq: number) => lineOfSeq(lines, seq), [lines]);
  const { follow } = scroll;
  const jumpToLatest = useCallback(() => {
    // Lines held from far above the newest: the newest page again, rather than waiting for every page between.
    if (startedElsewhere) showNewest();
    follow();
    virtualizer.scrollToEnd();
  }, [follow, virtualizer, startedElsewhere, showNewest]);

  const band = !loaded
    ? "Loading output…"
    : !reachedStart
      ? "Loading earlier output…"
      : rows.length === 0
        ? "No output yet."
        : "Beginning of output";

  return (
    <section className="flex flex-col gap-2">
      <header className="flex items-center justify-between gap-2 text-xs text-zinc-500">
        <span data-testid="output-lines">
          {newestSeq.toLocaleString("en-US")} {newestSeq === 1 ? "line" : "lines"}
        </span>
        <ConnectionBadge state={connection} />
      </header>
      <div className="flex flex-wrap items-center gap-2">
        <OutputFilters shown={shownKinds} onChange={setShownKinds} />
        {searching ? null : (
          <button
            type="button"
            onClick={() => setSearching(true)}
            className="rounded border border-zinc-300 bg-white px-2 py-0.5 text-xs font-medium text-zinc-700 hover:bg-zinc-100"
          >
            Search
          </button>
        )}
        <a
          href={`/api/v1/tasks/${encodeURIComponent(taskId)}/output.jsonl`}
          download
          className="ml-auto text-xs text-blue-700 hover:underline"
        >
          Download log
        </a>
      </div>
      {searching ? (
        <OutputSearchBar
          taskId={taskId}
          kinds={kinds}
          onGoTo={jump.jumpTo}
          onTermsChange={setSearchedTerms}
          onClose={() => setSearching(false)}
        />
      ) : null}
      {error ? (
        <p role="alert" className="text-xs text-red-700">
          Could not load the output: {error}. Retrying…
        </p>
      ) : null}
      <PinnedTodos items={rows} />
      <div className="relative">
        <div
          ref={logRef}
          role="log"
          aria-label="Task output"
          aria-live="polite"
          tabIndex={0}
          onScroll={scroll.onScroll}
          onWheel={scroll.onWheel}
          onKeyDown={scroll.onKeyDown}
          onPointerDown={scroll.onPointerDown}
          onTouchStart={scroll.onTouchStart}
          className={`h-[70vh] overflow-y-auto [overflow-anchor:none] rounded-md border border-zinc-200 bg-white outline-none focus-visible:ring-2 focus-visible:ring-sky-500 ${hydrated ? "" : "flex flex-col-reverse"}`}
        >
          {hydrated ? (
            <>
              <div className="relative mx-3" style={{ height: virtualizer.getTotalSize() }}>
                <p
                  data-testid="output-start"
                  className="absolute inset-x-0 top-0 flex items-center justify-center text-xs text-zinc-400"
                  style={{ height: TOP_BAND_PX }}
                >
                  {band}
                </p>
                {virtualizer.getVirtualItems().map((item) => {
                  const row = shownRows[item.index];
                  if (!row) return null;
                  const marked = row.key === jump.markedKey;
                  return (
                    <div
                      key={item.key}
                      data-index={item.index}
                      data-marked={marked ? "" : undefined}
                      ref={virtualizer.measureElement}
                      className={`group/row absolute inset-x-0 top-0 ${row.kind === "moved" ? "" : "pb-2"} ${marked ? "rounded ring-2 ring-amber-400" : ""}`}
                      style={{ transform: `translateY(${item.start}px)` }}
                    >
                      {row.kind === "moved" ? null : (
                        <>
                          <EntryActions item={row} lineOf={lineOf} />
                          <StreamItemView item={row} />
                        </>
                      )}
                    </div>
                  );
                })}
              </div>
              {live.length > 0 ? (
                <div className="mx-3">
                  {live.map((block) => (
                    <LiveMessage key={block.key} block={block} />
                  ))}
                </div>
              ) : null}
            </>
          ) : (
            <div className="mx-3 pb-3">
              <p
                data-testid="output-start"
                className="flex items-center justify-center text-xs text-zinc-400"
                style={{ height: TOP_BAND_PX }}
              >
                {band}
              </p>
              {rows.slice(-PREVIEW_ROWS).map((row) =>
                row.kind === "moved" ? null : (
                  <div key={row.key} className="pb-2">
                    <StreamItemView item={row} />
                  </div>
                ),
              )}
            </div>
          )}
        </div>
        {scroll.following ? null : (
          <button
            type="button"
            onClick={jumpToLatest}
            className="absolute bottom-3 right-5 rounded-full bg-zinc-900 px-3 py-1.5 text-xs font-medium text-white shadow-md hover:bg-zinc-700"
          >
            Jump to latest ↓
          </button>
        )}
      </div>
    </section>
  );
}
