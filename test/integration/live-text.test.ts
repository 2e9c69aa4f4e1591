import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/server/db/client";
import { getRuntime } from "../../lib/server/runtime";
import { UiEvent, type TaskLiveTextEvent, type TaskOutputEvent } from "../../lib/shared/protocol/ui";
import { signedInUser, uiSocket } from "../support/auth";
import { createGitRepo } from "../support/git";
import { daemonKey, startTestDaemon, startTestServer, taskEnded, waitFor } from "../support/stack";

/**
 * claude's text as it writes it, over real sockets: a real server and daemon, the fake claude typing a message
 * (scenario `typing`, with --include-partial-messages as the daemon starts it) and a browser's socket following the
 * task.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let daemon: ReturnType<typeof startTestDaemon>;
let browser: Socket;

beforeAll(async () => {
  process.env.FAKE_CLAUDE_DELTA_DELAY_MS = "20";
  server = await startTestServer();
  daemon = startTestDaemon({ serverUrl: server.url, apiKey: await daemonKey() });
  browser = uiSocket(server.url, (await signedInUser("viewer")).cookie);
  await waitFor(async () => (await getDb().daemon.count({ where: { status: "connected" } })) === 1);
});

afterAll(async () => {
  delete process.env.FAKE_CLAUDE_DELTA_DELAY_MS;
  browser?.close();
  await daemon?.stop();
  await server?.close();
});

describe("a message claude is writing", () => {
  it("reaches a following browser as it grows, is never stored, and its final message is stored once", async () => {
    const db = getDb();
    const contract = await db.contract.create({ data: { name: "typing", repository: createGitRepo() } });
    const task = await db.task.create({ data: { contractId: contract.id, name: "type", plan: "scenario:typing" } });

    // What the browser received, in order.
    const received: Array<{ live: TaskLiveTextEvent } | { stored: TaskOutputEvent["lines"][number] }> = [];
    browser.on(UiEvent.taskLiveText, (event: TaskLiveTextEvent) => {
      if (event.taskId === task.id) received.push({ live: event });
    });
    browser.on(UiEvent.taskOutput, (event: TaskOutputEvent) => {
      if (event.taskId === task.id) for (const line of event.lines) received.push({ stored: line });
    });
    await browser.emitWithAck(UiEvent.subscribeTask, { taskId: task.id, afterSeq: 0 });
    await getRuntime().scheduleTasks();
    expect((await taskEnded(task.id)).status).toBe("completed");

    const rows = await db.taskOutput.findMany({ where: { taskId: task.id }, orderBy: { seq: "asc" } });
    expect(rows.map((row) => row.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(rows.filter((row) => row.jsonType === "stream_event" || row.line.includes('"stream_event"'))).toEqual([]);
    const finals = rows.filter((row) => row.jsonType === "assistant");
    expect(finals).toHaveLength(1);
    const final = JSON.parse(finals[0].line) as { message: { id: string; content: Array<{ text: string }> } };
    const finalText = final.message.content[0].text;

    await waitFor(() => received.some((item) => "stored" in item && item.stored.seq === rows.at(-1)!.seq));
    const live = received.flatMap((item) => ("live" in item ? [item.live] : []));
    const typed = live.filter((event) => event.messageId === final.message.id);
    // Growing: each text goes on from the one before, up to the final message's text.
    expect(new Set(typed.map((event) => event.text)).size).toBeGreaterThanOrEqual(3);
    typed.slice(1).forEach((event, i) => expect(event.text.startsWith(typed[i].text)).toBe(true));
    // Volatile: an event may be dropped on a busy socket (the final message, stored, replaces what was shown), so the
    // last one seen is the whole text, finished, or a beginning of it.
    expect(typed.at(-1)).toMatchObject({ kind: "text", parentToolUseId: null });
    expect(finalText.startsWith(typed.at(-1)!.text)).toBe(true);
    for (const event of typed)
      expect(event.done ? event.text === finalText : event.text.length < finalText.length).toBe(true);
    // Partial text reached the browser before the final message did.
    const finalAt = received.findIndex((item) => "stored" in item && item.stored.seq === finals[0].seq);
    expect(received.findIndex((item) => "live" in item && item.live.messageId === final.message.id)).toBeLessThan(
      finalAt,
    );
    // The browser's stored lines are the database's: no stream_event among them, the final message once.
    const stored = received.flatMap((item) => ("stored" in item ? [item.stored] : []));
    expect(stored.map((line) => line.seq)).toEqual(rows.map((row) => row.seq));
    // The delta for a block that never started comes as text of a message of its own, and nothing stored shows it.
    expect(live.find((event) => event.messageId !== final.message.id)).toMatchObject({
      messageId: expect.stringMatching(/^unstarted-/),
      text: expect.stringContaining("<script>"),
    });
    expect(rows.some((row) => row.line.includes("__pwned"))).toBe(false);
  });
});
