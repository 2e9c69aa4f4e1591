import type { ChildProcess } from "node:child_process";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/server/db/client";
import { getRuntime } from "../../lib/server/runtime";
import { createGitRepo, tempDir } from "../support/git";
import { processAlive, processesIn } from "../support/processes";
import { daemonKey, startDaemonProcess, startTestServer, waitFor } from "../support/stack";

/**
 * However the daemon ends, claude does not outlive it: the daemon runs as a process of its own here (`makima daemon`)
 * and is killed with SIGKILL while claude is quiet inside a long step.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let repo: string;
const daemons: ChildProcess[] = [];

beforeAll(async () => {
  server = await startTestServer({ MAKIMA_DAEMON_GRACE_MS: "600000" });
  repo = createGitRepo();
});

afterEach(() => {
  for (const daemon of daemons.splice(0)) daemon.kill("SIGKILL");
});

afterAll(() => server?.close());

function startDaemon(apiKey: string, dataDir: string, env: Record<string, string> = {}): ChildProcess {
  const daemon = startDaemonProcess({ serverUrl: server.url, apiKey, dataDir, hostname: "orphan-test", env });
  daemons.push(daemon);
  return daemon;
}

/** A task whose claude runs quietly for minutes, and the processes running in its worktree once it runs. */
async function quietTask() {
  const db = getDb();
  const contract = await db.contract.create({ data: { name: "orphans", repository: repo } });
  const task = await db.task.create({ data: { contractId: contract.id, name: "quiet", plan: "scenario:hang" } });
  await getRuntime().scheduleTasks();
  const { worktreePath } = await waitFor(async () => {
    const row = await db.task.findUniqueOrThrow({ where: { id: task.id } });
    return row.status === "running" && row.worktreePath ? row : undefined;
  }, 30_000);
  const claude = await waitFor(() => {
    const pids = processesIn(worktreePath!);
    return pids.length > 0 ? pids : undefined;
  });
  return claude;
}

const connected = () => waitFor(async () => (await getDb().daemon.count({ where: { status: "connected" } })) > 0);

describe("no orphans", () => {
  it("ends claude and all it started when the daemon is killed with SIGKILL (its pid namespace)", async () => {
    const daemon = startDaemon(await daemonKey("orphans"), tempDir("makima-orphans-"));
    await connected();
    const claude = await quietTask();
    daemon.kill("SIGKILL");
    await waitFor(() => claude.every((pid) => !processAlive(pid)), 10_000, "claude to end with its daemon");
  });

  it("ends at the next start a claude an earlier daemon left running (no namespace), matched by start time", async () => {
    const dataDir = tempDir("makima-orphans-");
    const apiKey = await daemonKey("leftovers");
    const first = startDaemon(apiKey, dataDir, { MAKIMA_PID_NAMESPACE: "0" });
    await connected();
    const claude = await quietTask();
    first.kill("SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(claude.some((pid) => processAlive(pid))).toBe(true);

    startDaemon(apiKey, dataDir, { MAKIMA_PID_NAMESPACE: "0" });
    await waitFor(() => claude.every((pid) => !processAlive(pid)), 20_000, "the next daemon to end the leftover");
  });
});
