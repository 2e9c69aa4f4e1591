import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/server/db/client";
import { UiEvent, type TaskHistoryPage } from "../../lib/shared/protocol/ui";
import { signedInUser, uiSocket } from "../support/auth";
import { createGitRepo } from "../support/git";
import { startTestServer } from "../support/stack";

/** The history pages a task view reads over `/ui`: forwards after a seq, the newest page, and the page before a seq. */
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Socket;
let taskId: string;
const LINES = 5000;

beforeAll(async () => {
  server = await startTestServer();
  const db = getDb();
  const contract = await db.contract.create({ data: { name: "paged", repository: createGitRepo() } });
  taskId = (await db.task.create({ data: { contractId: contract.id, name: "long", plan: "p", status: "completed" } }))
    .id;
  await db.taskOutput.createMany({
    data: Array.from({ length: LINES }, (_, i) => ({
      taskId,
      seq: i + 1,
      stream: "stdout" as const,
      line: `line ${i + 1}`,
      jsonType: null,
    })),
  });
  browser = uiSocket(server.url, (await signedInUser("viewer")).cookie);
  await new Promise<void>((resolve) => browser.once("connect", () => resolve()));
});

afterAll(async () => {
  browser?.close();
  await server?.close();
});

const ask = (payload: object): Promise<TaskHistoryPage> =>
  browser.timeout(5_000).emitWithAck(UiEvent.subscribeTask, { taskId, ...payload });
const seqsOf = (page: TaskHistoryPage) => [page.lines[0]?.seq, page.lines.at(-1)?.seq, page.lines.length];

describe("task history pages", () => {
  it("reads forwards after a seq, as before (up to 2000 lines, or the limit asked)", async () => {
    const first = await ask({ afterSeq: 0 });
    expect([...seqsOf(first), first.hasMore]).toEqual([1, 2000, 2000, true]);
    const last = await ask({ afterSeq: 4000, limit: 1500 });
    expect([...seqsOf(last), last.hasMore]).toEqual([4001, 5000, 1000, false]);
  });

  it("reads the newest page, oldest line first, and says older lines precede it", async () => {
    const tail = await ask({ tail: true, limit: 500 });
    expect([...seqsOf(tail), tail.hasMore, tail.hasEarlier]).toEqual([4501, 5000, 500, false, true]);
    expect(tail.lines[0].line).toBe("line 4501");
  });

  it("reads the page before a seq, down to the first line", async () => {
    const above = await ask({ beforeSeq: 4501, limit: 2000 });
    expect([...seqsOf(above), above.hasEarlier]).toEqual([2501, 4500, 2000, true]);
    const first = await ask({ beforeSeq: 501, limit: 2000 });
    expect([...seqsOf(first), first.hasEarlier]).toEqual([1, 500, 500, false]);
    const none = await ask({ beforeSeq: 1 });
    expect([none.lines, none.hasEarlier]).toEqual([[], false]);
  });

  it("gives a task without output an empty newest page, and refuses a limit over a page", async () => {
    const db = getDb();
    const contract = await db.contract.findFirstOrThrow();
    const empty = await db.task.create({ data: { contractId: contract.id, name: "empty", plan: "p" } });
    const page: TaskHistoryPage = await browser
      .timeout(5_000)
      .emitWithAck(UiEvent.subscribeTask, { taskId: empty.id, tail: true });
    expect([page.lines, page.hasMore, page.hasEarlier]).toEqual([[], false, false]);
    expect(await ask({ tail: true, limit: 5000 })).toHaveProperty("error");
  });
});
