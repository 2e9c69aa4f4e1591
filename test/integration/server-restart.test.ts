import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/server/db/client";
import { resolveServerConfig } from "../../lib/server/config";
import { getRuntime } from "../../lib/server/runtime";
import { startServer, type RunningServer } from "../../lib/server/start-server";
import { createGitRepo } from "../support/git";
import { daemonKey, startTestDaemon, startTestServer, waitFor } from "../support/stack";

let daemon: ReturnType<typeof startTestDaemon> | undefined;
let server: RunningServer | undefined;

afterAll(async () => {
  await daemon?.stop();
  await server?.close();
});

const connectedDaemons = () => getDb().daemon.count({ where: { status: "connected" } });

describe("a server restart", () => {
  it("sees its daemons come back and run new tasks", async () => {
    const first = await startTestServer();
    server = first;
    daemon = startTestDaemon({ serverUrl: first.url, apiKey: await daemonKey() });
    await waitFor(async () => (await connectedDaemons()) === 1, 10_000, "first connection");

    await first.close();
    server = await startServer(resolveServerConfig({ host: "127.0.0.1", port: String(first.port) }), false);
    await waitFor(async () => (await connectedDaemons()) === 1, 15_000, "the daemon to come back");

    const contract = await getDb().contract.create({ data: { name: "after restart", repository: createGitRepo() } });
    const task = await getDb().task.create({ data: { contractId: contract.id, name: "t", plan: "scenario:text" } });
    await getRuntime().scheduleTasks();
    const done = await waitFor(
      async () => {
        const row = await getDb().task.findUniqueOrThrow({ where: { id: task.id } });
        return row.status === "completed" ? row : undefined;
      },
      20_000,
      "the task",
    );
    expect(done.error).toBeNull();
  });
});
