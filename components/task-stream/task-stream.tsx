"use client";

import { useRef } from "react";
import { ConnectionBadge } from "./connection-badge";
import { StreamItemView } from "./entry-view";
import { PinnedTodos } from "./todo-view";
import { useAutoScroll } from "./use-auto-scroll";
import { useConnection } from "./use-connection";
import { useStreamItems } from "./use-stream-items";
import { useTaskLines } from "./use-task-lines";
import { useVisibleWindow } from "./use-visible-window";

/**
 * A task's output, live: history first, then new lines as the daemon relays them, with no gap and no
 * duplicate across reloads and reconnects. Follows new output while scrolled to the bottom.
 */
export function TaskStream({ taskId }: { taskId: string }) {
  // A fresh buffer and subscription per task.
  return <TaskStreamView key={taskId} taskId={taskId} />;
}

function TaskStreamView({ taskId }: { taskId: string }) {
  const { lines, version, error } = useTaskLines(taskId);
  const items = useStreamItems(lines, version);
  const connection = useConnection();
  const logRef = useRef<HTMLDivElement>(null);
  const scroll = useAutoScroll(logRef, version);
  const { start, showEarlier } = useVisibleWindow(logRef, items.length, scroll.following);

  return (
    <section className="flex flex-col gap-2">
      <header className="flex items-center justify-between gap-2 text-xs text-zinc-500">
        <span>
          {lines.length.toLocaleString("en-US")} {lines.length === 1 ? "line" : "lines"}
        </span>
        <ConnectionBadge state={connection} />
      </header>
      {error ? (
        <p role="alert" className="text-xs text-red-700">
          Could not load the output: {error}. Retrying…
        </p>
      ) : null}
      <PinnedTodos items={items} />
      <div className="relative">
        <div
          ref={logRef}
          role="log"
          aria-label="Task output"
          aria-live="polite"
          onScroll={scroll.onScroll}
          onWheel={scroll.onWheel}
          className="h-[70vh] space-y-2 overflow-y-auto [overflow-anchor:none] rounded-md border border-zinc-200 bg-white p-3"
        >
          {start > 0 ? (
            <button
              type="button"
              onClick={showEarlier}
              className="mx-auto block rounded border border-zinc-300 px-3 py-1 text-xs text-zinc-600 hover:bg-zinc-100"
            >
              Show earlier output ({start.toLocaleString("en-US")} more)
            </button>
          ) : null}
          {items.length === 0 ? <p className="text-sm text-zinc-400">No output yet.</p> : null}
          {items.slice(start).map((item) => (
            <StreamItemView key={item.key} item={item} />
          ))}
        </div>
        {scroll.following ? null : (
          <button
            type="button"
            onClick={scroll.jumpToLatest}
            className="absolute bottom-3 right-5 rounded-full bg-zinc-900 px-3 py-1.5 text-xs font-medium text-white shadow-md hover:bg-zinc-700"
          >
            Jump to latest ↓
          </button>
        )}
      </div>
    </section>
  );
}
