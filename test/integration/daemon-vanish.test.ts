import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/server/db/client";
import { getRuntime } from "../../lib/server/runtime";
import { CuttableProxy } from "../support/cuttable-proxy";
import { createGitRepo } from "../support/git";
import { daemonKey, startTestDaemon, startTestServer, waitFor } from "../support/stack";

let server: Awaited<ReturnType<typeof startTestServer>>;
let proxy: CuttableProxy;
let daemon: ReturnType<typeof startTestDaemon>;

beforeAll(async () => {
  server = await startTestServer({ MAKIMA_DAEMON_GRACE_MS: "4000" });
  proxy = new CuttableProxy(server.port);
  daemon = startTestDaemon({ serverUrl: await proxy.start(), apiKey: await daemonKey(), hostname: "laptop-7" });
  await waitFor(async () => (await getDb().daemon.count({ where: { status: "connected" } })) === 1);
});

afterAll(async () => {
  await daemon?.stop();
  await proxy?.close();
  await server?.close();
});

const task = (id: string) => getDb().task.findUniqueOrThrow({ where: { id } });

describe("a daemon that vanishes", () => {
  it("is marked disconnected; its running task becomes interrupted after the grace period, with the reason", async () => {
    const db = getDb();
    const contract = await db.contract.create({
      data: { name: "vanish", repository: createGitRepo(), autoResume: false },
    });
    const { id } = await db.task.create({ data: { contractId: contract.id, name: "forever", plan: "scenario:hang" } });
    await getRuntime().scheduleTasks();
    await waitFor(async () => (await task(id)).status === "running", 20_000, "running");

    proxy.cut();
    await waitFor(async () => (await db.daemon.findFirstOrThrow()).status === "disconnected", 20_000, "disconnected");
    // Within the grace period the task is still believed to run.
    expect((await task(id)).status).toBe("running");
    const interrupted = await waitFor(
      async () => {
        const row = await task(id);
        return row.status === "interrupted" ? row : undefined;
      },
      20_000,
      "interrupted",
    );
    expect(interrupted.error).toBe("Daemon laptop-7 disconnected and did not come back within 4 s");

    // When it comes back, the server has it stop the task it gave up on.
    proxy.restore();
    await waitFor(async () => (await db.daemon.findFirstOrThrow()).status === "connected", 20_000, "reconnected");
    const stopNotice = await waitFor(() =>
      db.taskOutput
        .findFirst({ where: { taskId: id, line: { startsWith: "Stop requested" } } })
        .then((l) => l ?? undefined),
    );
    expect(stopNotice.stream).toBe("system");
    expect((await task(id)).status).toBe("interrupted");
  });

  it("keeps its tasks when it comes back within the grace period", async () => {
    const db = getDb();
    process.env.FAKE_CLAUDE_LINES = "300";
    process.env.FAKE_CLAUDE_DELAY_MS = "5";
    const contract = await db.contract.create({ data: { name: "blip", repository: createGitRepo() } });
    const { id } = await db.task.create({ data: { contractId: contract.id, name: "blip", plan: "scenario:slow" } });
    await getRuntime().scheduleTasks();
    await waitFor(async () => (await task(id)).status === "running", 20_000, "running");
    proxy.cut();
    await new Promise((resolve) => setTimeout(resolve, 500));
    proxy.restore();
    const done = await waitFor(
      async () => {
        const row = await task(id);
        return row.status !== "running" ? row : undefined;
      },
      30_000,
      "finished",
    );
    expect({ status: done.status, error: done.error }).toEqual({ status: "completed", error: null });
  });
});
