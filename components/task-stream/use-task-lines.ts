"use client";

import { useEffect, useState } from "react";
import { uiSocket } from "@/components/live/ui-socket";
import type { StoredLine } from "@/lib/shared/protocol/ui";
import { TaskLineBuffer } from "./line-buffer";
import { TaskSubscription } from "./task-subscription";

export interface TaskLines {
  /** The lines in seq order (the buffer's own array: read during render only). */
  lines: readonly StoredLine[];
  /** Changes whenever `lines` does. */
  version: number;
  /** Why history could not be loaded (retrying), or null. */
  error: string | null;
}

/**
 * A task's output lines, kept complete across reloads and reconnects by a `TaskSubscription` on the
 * shared `/ui` socket. Re-renders at most once per animation frame however fast lines arrive.
 * Mount it under `key={taskId}`: the buffer belongs to one task.
 */
export function useTaskLines(taskId: string): TaskLines {
  const [buffer] = useState(() => new TaskLineBuffer());
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let frame = 0;
    const flush = () => {
      frame = 0;
      setVersion(buffer.version);
    };
    const subscription = new TaskSubscription({
      socket: uiSocket(),
      taskId,
      buffer,
      onLines: () => {
        frame ||= requestAnimationFrame(flush);
      },
      onError: setError,
    });
    subscription.start();
    return () => {
      subscription.stop();
      cancelAnimationFrame(frame);
    };
  }, [taskId, buffer]);

  return { lines: buffer.lines(), version, error };
}
