import "server-only";
import type { PrismaClient } from "../db/client";
import { readOutputPage } from "./output-history";

/** Lines read from the database per chunk of the download. */
export const OUTPUT_LOG_PAGE_LINES = 1000;

/**
 * A task's stored output as a JSON Lines file (`Download log`): each line as it was printed (claude's stream-json;
 * stderr and the daemon's notices as text), in seq order, each followed by a newline. Read a page at a time, when the
 * client takes more, so a task of any length costs the server one page of memory.
 */
export function streamOutputLog(db: PrismaClient, taskId: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let afterSeq = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { lines, hasMore } = await readOutputPage(db, taskId, afterSeq, OUTPUT_LOG_PAGE_LINES);
      if (lines.length > 0) {
        controller.enqueue(encoder.encode(lines.map((line) => `${line.line}\n`).join("")));
        afterSeq = lines[lines.length - 1].seq;
      }
      if (!hasMore) controller.close();
    },
  });
}
