import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/server/db/client";
import { getRuntime } from "../../lib/server/runtime";
import { createGitRepo, tempDir } from "../support/git";
import { daemonKey, startDaemonProcess, startTestServer, waitFor } from "../support/stack";

/**
 * A daemon process killed outright and started again on the same data folder (its machine id) is the same daemon:
 * what the server believed it ran is settled as soon as it authenticates, not when the grace period (10 min here)
 * ends.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
const daemons: ChildProcess[] = [];

beforeAll(async () => {
  server = await startTestServer({ MAKIMA_DAEMON_GRACE_MS: "600000" });
});

afterAll(async () => {
  for (const daemon of daemons) daemon.kill("SIGKILL");
  await server?.close();
});

function startDaemon(apiKey: string, dataDir: string, env: Record<string, string> = {}): ChildProcess {
  const daemon = startDaemonProcess({ serverUrl: server.url, apiKey, dataDir, hostname: "crashy", env });
  daemons.push(daemon);
  return daemon;
}

const daemonRow = () => getDb().daemon.findFirstOrThrow({ where: { hostname: "crashy" } });
const task = (id: string) => getDb().task.findUniqueOrThrow({ where: { id } });

describe("a daemon restarted after a crash", () => {
  it("has the tasks it no longer runs interrupted as soon as it authenticates, and reports its restarts", async () => {
    const db = getDb();
    const apiKey = await daemonKey("crashy");
    const dataDir = tempDir("makima-crashy-");
    const first = startDaemon(apiKey, dataDir);
    await waitFor(async () => (await daemonRow().catch(() => null))?.status === "connected", 30_000, "connected");
    expect((await daemonRow()).restarts).toBe(0);

    // Not resumed by themselves when the daemon is back: what is checked here is the interruption.
    const contract = await db.contract.create({
      data: { name: "crash", repository: createGitRepo(), autoResume: false },
    });
    const running = await db.task.create({ data: { contractId: contract.id, name: "long", plan: "scenario:hang" } });
    await getRuntime().scheduleTasks();
    await waitFor(async () => (await task(running.id)).status === "running", 30_000, "running");

    first.kill("SIGKILL");
    const { id: daemonId } = await waitFor(
      async () => ((await daemonRow()).status === "disconnected" ? daemonRow() : undefined),
      20_000,
      "disconnected",
    );
    // One handed to the daemon just before it died, whose claude had not started yet.
    const starting = await db.task.create({
      data: { contractId: contract.id, name: "handed over", plan: "scenario:hang", status: "starting", daemonId },
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Within the grace period, the server still believes both run.
    expect((await task(running.id)).status).toBe("running");
    expect((await task(starting.id)).status).toBe("starting");

    startDaemon(apiKey, dataDir, { MAKIMA_DAEMON_RESTARTS: "1" });
    const back = await waitFor(
      async () => ((await daemonRow()).status === "connected" ? daemonRow() : undefined),
      30_000,
      "reconnected",
    );
    expect(back).toMatchObject({ id: daemonId, restarts: 1 });
    for (const id of [running.id, starting.id]) {
      const row = await waitFor(
        async () => ((await task(id)).status === "interrupted" ? task(id) : undefined),
        5_000,
        "interrupted",
      );
      expect(row.error).toBe("Daemon crashy restarted and no longer runs this task");
      // Settled while it authenticated: before the server answered it.
      const afterAuthentication = row.completedAt!.getTime() - back.connectedAt.getTime();
      expect(afterAuthentication).toBeGreaterThanOrEqual(0);
      expect(afterAuthentication).toBeLessThan(2_000);
    }
  });
});
