import { getDb } from "@/lib/server/db/client";
import { readOutputPageBefore } from "@/lib/server/tasks/output-history";
import { FIRST_PAINT_LINES } from "./task-subscription";
import { TaskStreamView } from "./task-stream-view";

/**
 * A task's output, tail first (see `TaskStreamView`). Its newest lines are read here, on the server, and go in the
 * page itself, so they show as soon as it paints, before any script runs; the rest comes over the socket.
 */
export async function TaskStream({ taskId }: { taskId: string }) {
  const newest = await readOutputPageBefore(getDb(), taskId, null, FIRST_PAINT_LINES).catch((error: unknown) => {
    console.error("[task-stream] reading the newest lines failed:", error);
    return null;
  });
  // A fresh buffer and subscription per task.
  return <TaskStreamView key={taskId} taskId={taskId} newest={newest} />;
}
