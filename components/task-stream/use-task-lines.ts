"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { uiSocket } from "@/components/live/ui-socket";
import type { StoredLine, TaskHistoryPage } from "@/lib/shared/protocol/ui";
import { TaskLineBuffer } from "./line-buffer";
import { newestPageCovers, TaskSubscription } from "./task-subscription";

// A task page wants its output at once: the shared socket starts connecting as this module loads in the browser, while
// the page is still hydrating, rather than when the first component asks for it.
if (typeof window !== "undefined") uiSocket();

/** The shortest time between two renders of new output. */
const MIN_RENDER_MS = 100;

export interface TaskLines {
  /** The lines held, in seq order (the buffer's own array: read during render only). */
  lines: readonly StoredLine[];
  /** Changes whenever `lines` or the window does. */
  version: number;
  /** The newest page has come: `lines` ends at the task's newest output (it is empty for a task with none). */
  loaded: boolean;
  /** Seq 1 is held: nothing older is left to load. */
  reachedStart: boolean;
  /** The first seq of the lines held without a gap (0 before the first page): older lines are in pages above it. */
  lowestSeq: number;
  /** The highest seq seen: how many lines the task has printed so far (as far as this view knows). */
  newestSeq: number;
  /** The highest seq of the lines held without a gap below it. */
  contiguousSeq: number;
  /** Asks for the page of lines above the oldest held (once at a time; nothing once the start is held). */
  loadEarlier: () => void;
  /**
   * The lines were let go of to start over around a line far above them (`showAround`): they come from there down,
   * page after page, until the newest; `showNewest` goes back to the newest page.
   */
  startedElsewhere: boolean;
  showAround: (seq: number) => void;
  showNewest: () => void;
  /** Why history could not be loaded (retrying), or null. */
  error: string | null;
}

/**
 * A task's output lines from its newest page down to what has been loaded, kept complete across reloads and
 * reconnects by a `TaskSubscription` on the shared `/ui` socket. `newest`: the task's newest page as the server read
 * it for the page (the subscription goes on after it). Re-renders at most once per `MIN_RENDER_MS`, in an
 * animation frame, however fast lines arrive. Mount it under `key={taskId}`: the buffer belongs to one task.
 */
export function useTaskLines(taskId: string, newest: TaskHistoryPage | null = null): TaskLines {
  const [buffer] = useState(() => {
    const held = new TaskLineBuffer();
    if (newest) held.add(newest.lines, newestPageCovers(newest));
    return held;
  });
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [startedElsewhere, setStartedElsewhere] = useState(false);
  const subscription = useRef<TaskSubscription | null>(null);

  useEffect(() => {
    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let flushedAt = -Infinity;
    const flush = () => {
      frame = 0;
      flushedAt = performance.now();
      setVersion(buffer.version);
    };
    // Output trickling in shows at the next frame; a flood at most every MIN_RENDER_MS, so each render adds many
    // lines and only the rows that end up on screen are ever rendered.
    const schedule = () => {
      if (frame || timer !== undefined) return;
      const wait = MIN_RENDER_MS - (performance.now() - flushedAt);
      if (wait <= 0) frame = requestAnimationFrame(flush);
      else
        timer = setTimeout(() => {
          timer = undefined;
          frame = requestAnimationFrame(flush);
        }, wait);
    };
    const current = new TaskSubscription({
      socket: uiSocket(),
      taskId,
      buffer,
      onLines: schedule,
      onError: setError,
    });
    subscription.current = current;
    current.start();
    return () => {
      current.stop();
      subscription.current = null;
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [taskId, buffer]);

  const loadEarlier = useCallback(() => void subscription.current?.loadEarlier(), []);
  const showAround = useCallback((seq: number) => {
    setStartedElsewhere(true);
    subscription.current?.showAround(seq);
  }, []);
  const showNewest = useCallback(() => {
    setStartedElsewhere(false);
    subscription.current?.showNewest();
  }, []);

  return {
    lines: buffer.lines(),
    version,
    loaded: buffer.hasWindow,
    reachedStart: buffer.reachedStart,
    lowestSeq: buffer.lowestSeq,
    newestSeq: buffer.highestSeenSeq,
    contiguousSeq: buffer.lastContiguousSeq,
    loadEarlier,
    startedElsewhere,
    showAround,
    showNewest,
    error,
  };
}
