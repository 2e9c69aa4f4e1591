import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/server/db/client";
import { LoopEvent } from "../../lib/shared/protocol/loop-events";
import { getRuntime } from "../../lib/server/runtime";
import { createGitRepo, tempDir } from "../support/git";
import { daemonKey, startTestDaemon, startTestServer, waitFor } from "../support/stack";

let server: Awaited<ReturnType<typeof startTestServer>>;
let daemon: ReturnType<typeof startTestDaemon>;
const argsFile = path.join(tempDir("makima-loop-args-"), "argv.jsonl");

beforeAll(async () => {
  server = await startTestServer();
  process.env.FAKE_CLAUDE_STATE_DIR = tempDir("makima-fake-state-");
  process.env.FAKE_CLAUDE_ARGS_FILE = argsFile;
  daemon = startTestDaemon({ serverUrl: server.url, apiKey: await daemonKey() });
  await waitFor(async () => (await getDb().daemon.count({ where: { status: "connected" } })) === 1);
});

afterAll(async () => {
  delete process.env.FAKE_CLAUDE_ARGS_FILE;
  await daemon?.stop();
  await server?.close();
});

async function runLoopTask(scenario: string, maxIterations = 10) {
  const db = getDb();
  const contract = await db.contract.create({
    data: { name: scenario, repository: createGitRepo(), autonomousLoop: true, maxIterations },
  });
  const task = await db.task.create({
    data: { contractId: contract.id, name: scenario, plan: `scenario:${scenario}`, autonomousLoop: true },
  });
  await getRuntime().scheduleTasks();
  const done = await waitFor(
    async () => {
      const row = await db.task.findUniqueOrThrow({ where: { id: task.id } });
      return ["completed", "failed", "interrupted", "iteration_limit_reached"].includes(row.status) ? row : undefined;
    },
    60_000,
    `${scenario} to finish`,
  );
  const lines = await db.taskOutput.findMany({ where: { taskId: task.id }, orderBy: { seq: "asc" } });
  const events = lines
    .filter((l) => l.stream === "system" && l.jsonType?.startsWith("loop."))
    .map((l) => LoopEvent.parse(JSON.parse(l.line)));
  return { task: done, events, lines };
}

const eventsOf = <T extends LoopEvent["type"]>(events: LoopEvent[], type: T) =>
  events.filter((e): e is Extract<LoopEvent, { type: T }> => e.type === type);

describe("autonomous loop with the fake claude", () => {
  it("completes when the gate says ready on iteration 3, resuming the same session", async () => {
    fs.rmSync(argsFile, { force: true });
    const { task, events, lines } = await runLoopTask("loop-ready-3");
    expect(task.status).toBe("completed");
    expect(task.iteration).toBe(3);
    expect(eventsOf(events, "loop.iteration").map((e) => [e.n, e.max])).toEqual([
      [1, 10],
      [2, 10],
      [3, 10],
    ]);
    expect(eventsOf(events, "loop.gate").map((e) => e.ready)).toEqual([false, false, true]);
    expect(eventsOf(events, "loop.gate")[0]).toMatchObject({
      progress: "Finished step 1",
      blockers: ["step 2 is not done"],
    });
    expect(eventsOf(events, "loop.done")).toEqual([
      { type: "loop.done", iterations: 3, reason: "All three steps are done" },
    ]);

    // Iterations 2 and 3 resume the session iteration 1's init line named.
    const sessionId = JSON.parse(lines.find((l) => l.jsonType === "system")!.line).session_id;
    const runs = fs
      .readFileSync(argsFile, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l).argv as string[]);
    expect(runs).toHaveLength(3);
    expect(runs[0]).not.toContain("--resume");
    expect(runs[0]).toContain("--append-system-prompt");
    for (const argv of runs.slice(1))
      expect(argv.slice(argv.indexOf("--resume"), argv.indexOf("--resume") + 2)).toEqual(["--resume", sessionId]);
  });

  it("stops at the iteration cap when the gate is never ready", async () => {
    const { task, events } = await runLoopTask("loop-never-ready", 4);
    expect(task.status).toBe("iteration_limit_reached");
    expect(task.error).toBe("Reached the iteration limit (4)");
    expect(eventsOf(events, "loop.iteration")).toHaveLength(4);
    expect(eventsOf(events, "loop.breaker")).toEqual([
      { type: "loop.breaker", reason: "Reached the iteration limit (4)", iteration: 4 },
    ]);
  });

  it("trips the breaker on the same error five times in a row", async () => {
    const { task, events } = await runLoopTask("loop-same-error");
    expect(task.status).toBe("failed");
    expect(task.error).toBe("The same error 5 times in a row: npm test: 3 tests failing");
    expect(eventsOf(events, "loop.iteration")).toHaveLength(5);
  });

  it("trips the breaker after three iterations without progress", async () => {
    const { task, events } = await runLoopTask("loop-no-progress");
    expect(task.status).toBe("failed");
    expect(task.error).toBe("No progress for 3 iterations in a row");
    expect(eventsOf(events, "loop.breaker")[0]).toMatchObject({ iteration: 3 });
  });

  it("counts a crash as an iteration and recovers on the next one", async () => {
    const { task, events } = await runLoopTask("loop-crash-2");
    expect(task.status).toBe("completed");
    expect(eventsOf(events, "loop.iteration")).toHaveLength(3);
    // The crashed iteration printed no gate.
    expect(eventsOf(events, "loop.gate").map((e) => e.iteration)).toEqual([1, 3]);
  });

  it("stops at once when claude is not logged in", async () => {
    const { task, events } = await runLoopTask("not-logged-in");
    expect(task.status).toBe("failed");
    expect(task.error).toBe("Not logged in · Please run /login");
    expect(eventsOf(events, "loop.iteration")).toHaveLength(1);
  });
});
