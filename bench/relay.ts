/**
 * `npm run bench:relay`: how fast and how promptly claude's output travels daemon → server → browser.
 *
 * Starts a sockets-only server on a fresh SQLite file and a real daemon as a child process (so the two do
 * not share an event loop), runs BENCH_TASKS tasks at once with the fake claude's `bench` scenario
 * (BENCH_LINES lines each, every one stamped with the time it was printed), and follows them all from a
 * `/ui` client. The fakes start printing together, once every task is up, each paced to BENCH_RATE lines
 * per second (0: as fast as they can, which measures a flood's queueing rather than the relay's delay).
 * Latency is the time from claude printing a line to the client receiving it (the server publishes a line
 * on arrival, before it is stored); throughput is the bench lines received over the time from the start to
 * the last one. Checks, once every task has finished, that the database and the client got every line once.
 *
 * Flags: --tasks N, --lines N, --rate N (or env BENCH_TASKS, BENCH_LINES, BENCH_RATE; defaults 20, 5000,
 * 1050: 21,000 lines/s offered in all). Ends with one line:
 *   relay: <lines/s> lines/s, p50 <ms> ms, p99 <ms> ms, lost <count>
 */
import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { getDb } from "../lib/server/db/client";
import { resolveServerConfig } from "../lib/server/config";
import { createApiKey } from "../lib/server/api-keys/api-key-store";
import { getRuntime } from "../lib/server/runtime";
import { startServer, type RunningServer } from "../lib/server/start-server";
import { createGitRepo, tempDir } from "../test/support/git";
import type { FollowerReport } from "./ui-follower";
import { signedInUser } from "../test/support/auth";
import { nonNegativeInt, positiveInt, startBenchDaemon, waitUntil, withTimeout } from "./support";

const { values: flags } = parseArgs({
  options: { tasks: { type: "string" }, lines: { type: "string" }, rate: { type: "string" } },
});
const TASKS = positiveInt(flags.tasks ?? process.env.BENCH_TASKS, 20, "tasks");
const LINES = positiveInt(flags.lines ?? process.env.BENCH_LINES, 5000, "lines");
const RATE = nonNegativeInt(flags.rate ?? process.env.BENCH_RATE, 1050, "rate");
const TIMEOUT_MS = 120_000 + LINES * TASKS;
const BENCH_TEXT = /"text":"bench (\d+) t=([\d.]+)"/;

const now = () => performance.timeOrigin + performance.now();

const dataDir = tempDir("makima-bench-data-");
const daemonDir = tempDir("makima-bench-daemon-");
const repo = createGitRepo(tempDir("makima-bench-repo-"));
const startFile = path.join(daemonDir, "start");
process.env.MAKIMA_DATA_DIR = dataDir;
delete process.env.DATABASE_URL;

let server: RunningServer | undefined;
let daemon: ChildProcess | undefined;
let follower: ChildProcess | undefined;
let summary: string | undefined;
let exitCode = 1;
try {
  server = await startServer(resolveServerConfig({ host: "127.0.0.1", port: "0" }), false);
  daemon = startBenchDaemon({
    serverUrl: server.url,
    apiKey: (await createApiKey(getDb(), { name: "bench daemon", scope: "daemon", userId: null })).key,
    dataDir: daemonDir,
    maxTasks: TASKS,
    hostname: "bench-daemon",
    env: { FAKE_CLAUDE_LINES: String(LINES), FAKE_CLAUDE_RATE: String(RATE), FAKE_CLAUDE_START_FILE: startFile },
    stdio: ["ignore", "ignore", "inherit"],
  });
  ({ summary, exitCode } = await run(server.url));
} catch (error) {
  console.error("bench failed:", error);
} finally {
  if (follower?.connected) follower.kill();
  if (daemon && daemon.exitCode === null) {
    daemon.kill("SIGTERM");
    await once(daemon, "exit");
  }
  await server?.close();
  for (const dir of [dataDir, daemonDir, repo]) fs.rmSync(dir, { recursive: true, force: true });
}
// Last, after the daemon's and server's shutdown logs.
if (summary) console.log(summary);
process.exit(exitCode);

async function run(serverUrl: string): Promise<{ summary: string; exitCode: number }> {
  const db = getDb();
  await waitUntil(
    async () => (await db.daemon.count({ where: { status: "connected" } })) === 1,
    30_000,
    "the daemon to connect",
  );

  const contract = await db.contract.create({ data: { name: "relay bench", repository: repo } });
  const taskIds: string[] = [];
  for (let i = 1; i <= TASKS; i++) {
    taskIds.push(
      (
        await db.task.create({
          data: { contractId: contract.id, name: `bench ${i}`, plan: "Print fast: scenario:bench" },
        })
      ).id,
    );
  }
  // The follower is a signed-in browser: the cookie goes by environment, like any secret.
  const { cookie } = await signedInUser("viewer");
  follower = fork(path.join(import.meta.dirname, "ui-follower.ts"), [serverUrl], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, BENCH_UI_COOKIE: cookie },
  });
  const next = () => new Promise<unknown>((resolve) => follower!.once("message", resolve));
  follower.send({ taskIds });
  await next(); // ready

  const scheduledAt = now();
  const started = next();
  await getRuntime().scheduleTasks();
  // Worktrees are added one at a time per repository; the fakes wait for each other before printing.
  await withTimeout(started, TIMEOUT_MS, "every claude to start");
  const startedAt = now();
  fs.writeFileSync(startFile, "");

  follower.send("report");
  const report = (await withTimeout(next(), TIMEOUT_MS, "every task to finish")) as FollowerReport;

  const problems: string[] = [];
  let lost = 0;
  let dbRows = 0;
  for (const [taskId, task] of Object.entries(report.tasks)) {
    const rows = await db.taskOutput.findMany({
      where: { taskId },
      orderBy: { seq: "asc" },
      select: { seq: true, line: true },
    });
    dbRows += rows.length;
    if (task.status !== "completed") problems.push(`task ${taskId} ended ${task.status}`);
    if (rows.some((row, i) => row.seq !== i + 1))
      problems.push(`task ${taskId}: stored seqs are not 1..${rows.length}`);
    const doubled = task.seqCounts.filter((count) => count > 1).length;
    if (doubled) problems.push(`task ${taskId}: ${doubled} lines reached the client more than once`);
    const missed = rows.filter((row) => !task.seqCounts[row.seq]).length;
    if (missed) problems.push(`task ${taskId}: ${missed} stored lines never reached the client`);
    if (task.seqCounts.length > rows.length + 1)
      problems.push(`task ${taskId}: the client got seqs that are not stored`);
    const received = new Set(task.benchLines);
    const stored = new Set(rows.map((row) => Number(BENCH_TEXT.exec(row.line)?.[1] ?? 0)));
    for (let i = 1; i <= LINES; i++) if (!received.has(i) || !stored.has(i)) lost++;
  }

  // Latency second by second, to tell a start-up spike from a steady backlog.
  const bySecond: number[][] = [];
  report.latencies.forEach((latency, i) =>
    (bySecond[Math.max(0, Math.floor((report.printedAt[i] - startedAt) / 1000))] ??= []).push(latency),
  );
  const latencies = report.latencies.sort((a, b) => a - b);
  const starts = Object.values(report.tasks).map((task) => task.firstPrinted);
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const linesPerSecond = latencies.length / ((report.lastReceived - startedAt) / 1000);
  const offered = RATE > 0 ? `${RATE} lines/s per task, ${RATE * TASKS} lines/s offered` : "unpaced";
  console.log(`tasks ${TASKS}, lines per task ${LINES}, total lines ${TASKS * LINES}, ${offered}`);
  console.log(`set-up ${seconds(startedAt - scheduledAt)} from scheduling until every claude was up`);
  console.log(
    `tasks started printing over ${seconds(Math.max(...starts) - Math.min(...starts))}; ` +
      `last line received ${seconds(report.lastReceived - startedAt)} after the start`,
  );
  bySecond.forEach((values, second) => {
    const sorted = values.sort((a, b) => a - b);
    console.log(
      `  second ${second}: ${sorted.length} lines, p50 ${percentileOf(sorted, 50).toFixed(1)} ms, p99 ${percentileOf(sorted, 99).toFixed(1)} ms`,
    );
  });
  console.log(`database rows ${dbRows} (bench lines plus each task's set-up, init and result lines)`);
  for (const problem of problems) console.log(`problem: ${problem}`);
  return {
    summary: `relay: ${Math.round(linesPerSecond)} lines/s, p50 ${percentileOf(latencies, 50).toFixed(1)} ms, p99 ${percentileOf(latencies, 99).toFixed(1)} ms, lost ${lost}`,
    exitCode: lost > 0 || problems.length > 0 ? 1 : 0,
  };
}

function percentileOf(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
