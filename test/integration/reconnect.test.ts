import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "../../lib/server/db/client";
import { UiEvent, type StoredLine, type TaskHistoryPage } from "../../lib/shared/protocol/ui";
import { getRuntime } from "../../lib/server/runtime";
import { signedInUser, uiSocket } from "../support/auth";
import { CuttableProxy } from "../support/cuttable-proxy";
import { createGitRepo } from "../support/git";
import { daemonKey, startTestDaemon, startTestServer, waitFor } from "../support/stack";

let server: Awaited<ReturnType<typeof startTestServer>>;
let proxy: CuttableProxy;
let daemon: ReturnType<typeof startTestDaemon>;
let browser: Socket;

beforeAll(async () => {
  server = await startTestServer();
  proxy = new CuttableProxy(server.port);
  const proxyUrl = await proxy.start();
  daemon = startTestDaemon({ serverUrl: proxyUrl, apiKey: await daemonKey() });
  browser = uiSocket(server.url, (await signedInUser("viewer")).cookie);
  await waitFor(async () => (await getDb().daemon.count({ where: { status: "connected" } })) === 1);
});

afterAll(async () => {
  browser?.close();
  await daemon?.stop();
  await proxy?.close();
  await server?.close();
});

describe("the daemon's socket cut mid-stream", () => {
  it("loses and doubles no line, in the database or in a watching browser", async () => {
    const db = getDb();
    const contract = await db.contract.create({ data: { name: "flaky", repository: createGitRepo() } });
    const task = await db.task.create({ data: { contractId: contract.id, name: "slow", plan: "scenario:slow" } });

    const seen: StoredLine[] = [];
    browser.on(UiEvent.taskOutput, (event: { taskId: string; lines: StoredLine[] }) => {
      if (event.taskId === task.id) seen.push(...event.lines);
    });
    const history: TaskHistoryPage = await browser.emitWithAck(UiEvent.subscribeTask, { taskId: task.id, afterSeq: 0 });
    expect(history.lines).toEqual([]);

    process.env.FAKE_CLAUDE_LINES = "1000";
    process.env.FAKE_CLAUDE_DELAY_MS = "5";
    await getRuntime().scheduleTasks();

    const warnings = vi.spyOn(console, "warn");
    // Cut the connection three times while claude prints, each time for longer than a reconnect attempt.
    const stored = () => db.taskOutput.count({ where: { taskId: task.id } });
    for (let cut = 0; cut < 3; cut++) {
      // Lines flowing again means the daemon is back and claude still printing.
      const before = await stored();
      await waitFor(async () => (await stored()) >= before + 50, 20_000, "output");
      proxy.cut();
      await new Promise((resolve) => setTimeout(resolve, 700));
      proxy.restore();
    }

    const done = await waitFor(
      async () => {
        const row = await db.task.findUniqueOrThrow({ where: { id: task.id } });
        return row.status === "completed" ? row : undefined;
      },
      60_000,
      "completion",
    );
    expect(done.error).toBeNull();
    const daemonDrops = warnings.mock.calls.filter(([text]) => String(text).startsWith("[daemon] disconnected"));
    expect(daemonDrops.length).toBeGreaterThanOrEqual(3);
    warnings.mockRestore();

    const rows = await db.taskOutput.findMany({ where: { taskId: task.id }, orderBy: { seq: "asc" } });
    expect(rows.map((l) => l.seq)).toEqual(rows.map((_, i) => i + 1));
    const texts = rows.filter((l) => l.jsonType === "assistant").map((l) => JSON.parse(l.line).message.content[0].text);
    expect(texts).toEqual(Array.from({ length: 1000 }, (_, i) => `line ${i + 1}`));

    await waitFor(() => seen.length >= rows.length, 5_000, "live lines");
    expect(seen.map((l) => l.seq)).toEqual(rows.map((l) => l.seq));
  });
});
