/**
 * `npm run bench:soak`: the output relay through a long, rough run (issue 14). A server and a daemon, each a process of
 * its own (the server is `bench/soak-server.ts`, sockets only, on a fresh SQLite file; the daemon is `makima daemon`
 * behind a TCP proxy that can cut its socket), run SOAK_TASKS tasks at once, each printing SOAK_LINES lines with the fake
 * claude's `bench` scenario, paced to SOAK_RATE lines per second per task. While they print, on a timeline spread over
 * the printing time: SOAK_CUTS cuts of the daemon's socket (each an outage of 200–1500 ms), one `kill -9` of the server
 * and its restart on the same data folder and port (the daemon reconnects and sends again what was not acknowledged),
 * and one `kill -9` of the daemon and its restart on the same data folder (same machine id: its tasks are resumed,
 * claude with `--resume`, numbered on after their last stored line). Each event waits for the one before to have
 * settled (the daemon connected again, every unfinished task running), so each disturbance is one of its own. Then
 * every task's stored lines are checked against what its fake claude printed, by the fake's own record.
 *
 * The record (FAKE_CLAUDE_STATE_DIR/session-<id>.json, written as the fake prints, see scripts/fake-claude.mjs): a
 * session's runs (the first, then each `--resume`), each printing "bench <i>" on from where the one before stopped,
 * and the last number handed to stdout (written just before the lines go out: never behind them, even under SIGKILL).
 * So run r printed [from_r, from_r+1 − 1], the last run [from, printed]. Per task:
 *   - doubled: a bench number stored more than once in the task's stream (a replay stored again, or a run printing again
 *     what an earlier one printed), plus any seq stored twice;
 *   - lost: the larger of the gaps in the stored seqs 1..M (lines the daemon numbered and the server never stored)
 *     and the bench numbers a run printed that are not stored (a lost bench line is both), except the tail of a run
 *     cut off by the daemon's kill -9: what that claude printed after the last of its lines the server stored was
 *     still in the pipe or in the killed daemon's memory, never acknowledged, and goes with the daemon by design (the
 *     resumed run goes on after it, so nothing is printed twice). That tail is reported as "dropped with the killed
 *     daemon", not as lost. A hole before the last stored line of any run is lost, and so is any missing line of a run
 *     the daemon did not lose: the server's kill -9 and the socket cuts must cost nothing, as the daemon keeps every
 *     line until the server has stored it;
 *   - and so that it cannot pass vacuously: every task completed; its record starts at 1 and its last run printed
 *     SOAK_LINES; a task the daemon's kill caught has exactly two runs (the second started after the kill), any other
 *     one; the bench lines are stored in order and each inside a run's range; each task stored SOAK_LINES minus its
 *     dropped tail distinct bench lines.
 * stuck: tasks not ended at the deadline (pending, starting, running…) with no claude process alive for them.
 * orphans: fake claude processes (bwrap's included) alive 5 s after the daemon that ran them was killed, or after
 * everything was stopped at the end.
 *
 * Flags: --tasks N, --lines N, --rate N, --cuts N (or SOAK_TASKS, SOAK_LINES, SOAK_RATE, SOAK_CUTS; defaults 20,
 * 50000, 250, 24: 1,000,000 lines, 5,000 lines/s offered, about 3½ minutes of printing). The run must reach what it
 * asked for (every line printed, both kills, every cut a real disconnect); with fewer than the issue's 1,000,000 lines,
 * 20 tasks or 20 cuts it says it was a short run. SOAK_KEEP=1 keeps the temp folders (logs, database, records). Ends
 * with one line, and exits non-zero unless every figure is 0 and nothing else went wrong:
 *   soak: <lines printed> lines, lost <n>, doubled <n>, stuck <n>, orphans <n>
 * where the lines are the bench lines the fake claudes printed, every one of them checked (stored exactly once, or
 * dropped with the killed daemon; the report above that line gives the lines stored, and those dropped).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { once } from "node:events";
import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createApiKey } from "../lib/server/api-keys/api-key-store";
import { getDb } from "../lib/server/db/client";
import { FINISHED_TASK_STATUSES } from "../lib/shared/protocol/daemon";
import { CuttableProxy } from "../test/support/cuttable-proxy";
import { createGitRepo, tempDir } from "../test/support/git";
import { commandLineOf, processesUnder } from "../test/support/processes";
import { PROJECT_ROOT, positiveInt, startBenchDaemon, waitUntil, withTimeout } from "./support";

const { values: flags } = parseArgs({
  options: {
    tasks: { type: "string" },
    lines: { type: "string" },
    rate: { type: "string" },
    cuts: { type: "string" },
  },
});
const TASKS = positiveInt(flags.tasks ?? process.env.SOAK_TASKS, 20, "tasks");
const LINES = positiveInt(flags.lines ?? process.env.SOAK_LINES, 50_000, "lines");
const RATE = positiveInt(flags.rate ?? process.env.SOAK_RATE, 250, "rate");
const CUTS = positiveInt(flags.cuts ?? process.env.SOAK_CUTS, 24, "cuts");
const KEEP = process.env.SOAK_KEEP === "1";
const ISSUE_MINIMUMS = { lines: 1_000_000, tasks: 20, cuts: 20 };
const PRINTING_MS = (LINES / RATE) * 1000;
/** When, as a share of the printing time, the server and the daemon are killed; the cuts spread over 5–90 %. */
const SERVER_KILL_AT = 0.3;
const DAEMON_KILL_AT = 0.6;
const HOSTNAME = "soak-daemon";
const BENCH_TEXT = /"text":"bench (\d+) t=/;

const startedAt = Date.now();
const dirs = {
  data: tempDir("makima-soak-data-"),
  daemon: tempDir("makima-soak-daemon-"),
  /** The fake claude's records (FAKE_CLAUDE_STATE_DIR). */
  claude: tempDir("makima-soak-claude-"),
  logs: tempDir("makima-soak-logs-"),
  repo: createGitRepo(tempDir("makima-soak-repo-")),
};
const worktreesDir = path.join(dirs.daemon, "worktrees");
const startFile = path.join(dirs.logs, "start");
const serverLogFile = path.join(dirs.logs, "server.log");
const daemonLogFile = path.join(dirs.logs, "daemon.log");
const serverLog = fs.openSync(serverLogFile, "a");
const daemonLog = fs.openSync(daemonLogFile, "a");
/** How far behind its claude a task's stored output may be for the run to count as steady: a second's lines. */
const STEADY_LAG_LINES = RATE;
process.env.MAKIMA_DATA_DIR = dirs.data;
delete process.env.DATABASE_URL;
delete process.env.FAKE_CLAUDE_SCENARIO;

let server: ChildProcess | undefined;
let daemon: ChildProcess | undefined;
let proxy: CuttableProxy | undefined;
let proxyUrl = "";
let apiKey = "";
let serverPort = 0;
const taskIds: string[] = [];
/** When the fakes started printing. */
let t0 = 0;
const db = getDb();
const problems: string[] = [];
const figures = {
  cuts: 0,
  outagesMs: [] as number[],
  reconnectsMs: [] as number[],
  serverRestarts: 0,
  serverBackMs: 0,
  /** From spawning the server process to its listening, each time. */
  serverStartsMs: [] as number[],
  daemonRestarts: 0,
  resumedInMs: 0,
  /** When the daemon was killed, and the tasks whose claude it ran then. */
  daemonKilledAt: 0,
  runningAtKill: new Set<string>(),
  /** Claude processes still alive 5 s after their daemon's kill. */
  leftBehind: new Set<number>(),
  /** The killed daemon's claude processes, and how long after the kill the last of them was gone. */
  claudesAtKill: 0,
  claudesGoneMs: NaN,
};

const elapsed = () => `${Math.round((Date.now() - (t0 || startedAt)) / 1000)} s`;
const log = (text: string) => console.log(`[soak] ${text}`);
const thousands = (n: number) => n.toLocaleString("en-US");

let cleaningUp: Promise<void> | undefined;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`[soak] ${signal}: stopping everything`);
    void cleanUp(true).then(() => process.exit(130));
  });
}

let summary: string | undefined;
let exitCode = 1;
try {
  ({ summary, exitCode } = await soak());
} catch (error) {
  console.error("[soak] failed:", error);
  for (const problem of problems) console.log(`problem: ${problem}`);
} finally {
  await cleanUp(false);
}
if (summary) console.log(summary);
process.exit(exitCode);

async function soak(): Promise<{ summary: string; exitCode: number }> {
  log(
    `${TASKS} tasks × ${thousands(LINES)} lines at ${RATE} lines/s each (${thousands(TASKS * LINES)} lines, ` +
      `${thousands(TASKS * RATE)} lines/s offered, ${Math.round(PRINTING_MS / 1000)} s of printing); ${CUTS} cuts, ` +
      `server kill -9 at ${SERVER_KILL_AT * 100} %, daemon kill -9 at ${DAEMON_KILL_AT * 100} %; logs in ${dirs.logs}`,
  );
  let progress: ReturnType<typeof reportProgress> | undefined;
  try {
    progress = await run();
  } catch (error) {
    // What was stored so far is checked all the same: the figures say what went wrong.
    problems.push(`the run broke off: ${error instanceof Error ? error.message : String(error)}`);
  }
  const endedAt = Date.now();
  progress?.stop();
  await progress?.done;
  if (!t0) t0 = endedAt;

  const stuck = await stuckTasks();
  await stopChild(daemon, "SIGTERM", 20_000);
  await stopChild(server, "SIGTERM", 15_000);
  await proxy?.close();
  await waitUntil(() => liveClaudes().length === 0, 5000, "claude processes to end").catch(() => undefined);
  const orphans = new Set([...figures.leftBehind, ...liveClaudes()]);
  for (const pid of orphans) kill(pid);
  const check = await checkOutput();
  return report(check, { seconds: (endedAt - t0) / 1000, stuck, orphans: orphans.size });
}

/** From the server's start to every task's end; gives back the progress reports, still running. */
async function run(): Promise<ReturnType<typeof reportProgress>> {
  await startServerProcess(0);
  proxy = new CuttableProxy(serverPort);
  proxyUrl = await proxy.start();
  apiKey = (await createApiKey(db, { name: "soak daemon", scope: "daemon", userId: null })).key;
  // Made before the daemon connects: its arrival makes the server assign them.
  const contract = await db.contract.create({ data: { name: "soak", repository: dirs.repo } });
  for (let i = 1; i <= TASKS; i++) {
    const task = await db.task.create({
      data: { contractId: contract.id, name: `soak ${i}`, plan: "Print steadily: scenario:bench" },
    });
    taskIds.push(task.id);
  }
  startDaemon();
  // Every claude is up (it named its session) and waits for the start file.
  await waitUntil(
    async () => (await taskRows()).every((task) => task.status === "running" && task.claudeSessionId),
    120_000,
    "every task's claude to start",
    200,
  );
  fs.writeFileSync(startFile, "");
  t0 = Date.now();
  log(`every claude is up after ${((t0 - startedAt) / 1000).toFixed(1)} s; printing starts`);
  const progress = reportProgress();
  try {
    await runTimeline();
    const deadline = t0 + PRINTING_MS * 1.5 + 120_000;
    await waitUntil(
      async () => (await taskRows()).every((task) => ended(task.status)),
      Math.max(0, deadline - Date.now()),
      "every task to end",
      250,
    );
  } catch (error) {
    progress.stop();
    throw error;
  }
  return progress;
}

function report(
  check: Awaited<ReturnType<typeof checkOutput>>,
  { seconds, stuck, orphans }: { seconds: number; stuck: number; orphans: number },
): { summary: string; exitCode: number } {
  const printedLines = check.printed;
  const inSeconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log("");
  console.log(`tasks ${TASKS}, lines per task ${thousands(LINES)}, ${RATE} lines/s per task`);
  console.log(
    `set-up ${((t0 - startedAt) / 1000).toFixed(1)} s; printing to the last task's end ${seconds.toFixed(1)} s; ` +
      `whole run ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
  );
  console.log(
    `lines printed by the fakes ${thousands(printedLines)} (bench), stored ${thousands(check.stored)} ` +
      `(${thousands(check.storedBench)} bench lines, the rest set-up, init, banner and result lines), ` +
      `${thousands(Math.round(check.stored / seconds))} lines/s`,
  );
  console.log(
    `cuts ${figures.cuts} (outages ${range(figures.outagesMs)}, daemon back after ${range(figures.reconnectsMs)}); ` +
      `disconnects the daemon logged ${countInLog(daemonLogFile, /\[daemon\] disconnected from/)}`,
  );
  console.log(
    `server kill -9 and restart ${figures.serverRestarts} (daemon back ${inSeconds(figures.serverBackMs)} after the ` +
      `kill; the server process took ${figures.serverStartsMs.map(inSeconds).join(", then ")} to listen)`,
  );
  console.log(
    `daemon kill -9 and restart ${figures.daemonRestarts} (${figures.runningAtKill.size} tasks running, resumed ` +
      `${check.resumed}, all resumed ${inSeconds(figures.resumedInMs)} after the kill; its ${figures.claudesAtKill} ` +
      `claude processes gone ${figures.claudesGoneMs} ms after it)`,
  );
  console.log(
    `dropped with the killed daemon ${thousands(check.dropped)} lines (printed after the last line the server had ` +
      `stored of that run; not lost: see the doc comment)`,
  );
  for (const line of notableLogLines()) console.log(`log: ${line}`);
  for (const note of check.notes) console.log(`note: ${note}`);

  const short: string[] = [];
  if (TASKS * LINES < ISSUE_MINIMUMS.lines) short.push(`${thousands(TASKS * LINES)} lines`);
  if (TASKS < ISSUE_MINIMUMS.tasks) short.push(`${TASKS} tasks`);
  if (CUTS < ISSUE_MINIMUMS.cuts) short.push(`${CUTS} cuts`);
  if (short.length)
    console.log(`a short run (${short.join(", ")}): below the issue's 1,000,000 lines, 20 tasks and 20 cuts`);
  if (printedLines < TASKS * LINES) problems.push(`the fakes printed ${printedLines} lines, not ${TASKS * LINES}`);
  if (figures.cuts < CUTS) problems.push(`${figures.cuts} of ${CUTS} cuts disconnected the daemon`);
  if (figures.serverRestarts !== 1) problems.push("the server was not killed and restarted");
  if (figures.daemonRestarts !== 1) problems.push("the daemon was not killed and restarted");
  for (const problem of problems) console.log(`problem: ${problem}`);

  const bad = check.lost + check.doubled + stuck + orphans > 0 || problems.length > 0;
  return {
    summary: `soak: ${printedLines} lines, lost ${check.lost}, doubled ${check.doubled}, stuck ${stuck}, orphans ${orphans}`,
    exitCode: bad ? 1 : 0,
  };
}

// ---- the timeline ------------------------------------------------------------------------------------------------

async function runTimeline(): Promise<void> {
  const events: Array<{ at: number; what: "cut" | "server" | "daemon" }> = [
    ...Array.from({ length: CUTS }, (_, k) => ({
      at: CUTS === 1 ? 0.05 : 0.05 + (0.85 * k) / (CUTS - 1),
      what: "cut" as const,
    })),
    { at: SERVER_KILL_AT, what: "server" },
    { at: DAEMON_KILL_AT, what: "daemon" },
  ];
  events.sort((a, b) => a.at - b.at);
  for (const event of events) {
    await sleep(Math.max(0, t0 + event.at * PRINTING_MS - Date.now()));
    if ((await taskRows()).every((task) => ended(task.status))) {
      problems.push(`every task ended before the timeline did (${event.what} at ${event.at * 100} % not done)`);
      return;
    }
    await waitUntil(steady, 120_000, `a steady state before the ${event.what}`, 250);
    if (event.what === "cut") await cut();
    else if (event.what === "server") await restartServer();
    else await restartDaemon();
  }
}

/**
 * The daemon connected through the proxy, every task that has not ended running, and its stored output less than a
 * second's lines behind what its claude printed (the relay caught up after the last disturbance).
 */
async function steady(): Promise<boolean> {
  if (!proxy?.connections) return false;
  if ((await daemonRow())?.status !== "connected") return false;
  const tasks = await taskRows();
  if (!tasks.every((task) => task.status === "running" || ended(task.status))) return false;
  for (const task of tasks) {
    if (ended(task.status)) continue;
    const record = task.claudeSessionId ? readRecord(task.claudeSessionId) : undefined;
    if (!record) return false;
    const last = await db.taskOutput.findFirst({
      where: { taskId: task.id, jsonType: "assistant" },
      orderBy: { seq: "desc" },
      select: { line: true },
    });
    if (Number(BENCH_TEXT.exec(last?.line ?? "")?.[1] ?? 0) < record.printed - STEADY_LAG_LINES) return false;
  }
  return true;
}

/** A short outage of the daemon's socket: the proxy drops it and refuses new connections for 200–1500 ms. */
async function cut(): Promise<void> {
  const at = Date.now();
  const dropped = proxy!.cut();
  const outage = 200 + Math.floor(Math.random() * 1300);
  await sleep(outage);
  proxy!.restore();
  await daemonBackSince(at, "the daemon to reconnect after a cut");
  if (dropped === 0) return void problems.push(`cut at ${elapsed()} found no connection to drop`);
  figures.cuts++;
  figures.outagesMs.push(outage);
  figures.reconnectsMs.push(Date.now() - at);
  log(`${elapsed()}: cut ${figures.cuts} (outage ${outage} ms), daemon back after ${Date.now() - at} ms`);
}

async function restartServer(): Promise<void> {
  const at = Date.now();
  log(`${elapsed()}: kill -9 the server`);
  await stopChild(server, "SIGKILL", 10_000);
  await sleep(1000);
  await startServerProcess(serverPort);
  await daemonBackSince(at, "the daemon to reconnect to the restarted server");
  figures.serverRestarts++;
  figures.serverBackMs = Date.now() - at;
  log(`${elapsed()}: server restarted, daemon back ${(figures.serverBackMs / 1000).toFixed(1)} s after the kill`);
}

async function restartDaemon(): Promise<void> {
  const running = (await taskRows()).filter((task) => task.status === "running");
  const claudes = liveClaudes();
  log(`${elapsed()}: kill -9 the daemon (${running.length} tasks running, ${claudes.length} claude processes)`);
  figures.daemonKilledAt = Date.now();
  for (const task of running) figures.runningAtKill.add(task.id);
  await stopChild(daemon, "SIGKILL", 10_000);
  // Its claudes go with it (their pid namespace): any still alive 5 s on was left behind.
  figures.claudesAtKill = claudes.length;
  await waitUntil(() => claudes.every((pid) => !isRunning(pid)), 5000, "the killed daemon's claudes to end", 10)
    .then(() => (figures.claudesGoneMs = Date.now() - figures.daemonKilledAt))
    .catch(() => undefined);
  for (const pid of claudes.filter(isRunning)) figures.leftBehind.add(pid);
  await sleep(500);
  startDaemon();
  await waitUntil(
    async () => {
      const rows = new Map((await taskRows()).map((task) => [task.id, task]));
      return running.every(({ id }) => {
        const task = rows.get(id)!;
        if (ended(task.status)) return true;
        const resumedRun = task.claudeSessionId ? readRecord(task.claudeSessionId)?.runs[1] : undefined;
        return task.status === "running" && task.autoResumes >= 1 && resumedRun !== undefined;
      });
    },
    120_000,
    "the killed daemon's tasks to resume",
    200,
  );
  figures.daemonRestarts++;
  figures.resumedInMs = Date.now() - figures.daemonKilledAt;
  log(`${elapsed()}: daemon restarted, its tasks resumed ${(figures.resumedInMs / 1000).toFixed(1)} s after the kill`);
}

/** Waits until the daemon has authenticated again since `since`, through the proxy. */
function daemonBackSince(since: number, what: string): Promise<void> {
  return waitUntil(
    async () => {
      if (!proxy?.connections) return false;
      const row = await daemonRow();
      return row?.status === "connected" && (row.connectedAt?.getTime() ?? 0) > since;
    },
    60_000,
    what,
    100,
  );
}

function reportProgress(): { stop: () => void; done: Promise<void> } {
  let stopped = false;
  let wake = () => {};
  const done = (async () => {
    let last = { at: t0, lines: 0 };
    while (!stopped) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 15_000).unref();
      });
      if (stopped) return;
      const [lines, tasks] = await Promise.all([storedLines(), taskRows()]).catch(() => [0, []] as const);
      const now = Date.now();
      const rate = Math.round(((lines - last.lines) * 1000) / (now - last.at));
      last = { at: now, lines };
      const finished = tasks.filter((task) => ended(task.status)).length;
      log(
        `${elapsed()}: ${thousands(lines)} lines stored (${thousands(rate)}/s lately), ` +
          `${tasks.filter((task) => task.status === "running").length} running, ${finished} ended`,
      );
    }
  })();
  return {
    stop: () => {
      stopped = true;
      wake();
    },
    done,
  };
}

// ---- the processes -----------------------------------------------------------------------------------------------

async function startServerProcess(port: number): Promise<void> {
  const serverOnly = pathToFileURL(path.join(PROJECT_ROOT, "bin/server-only.mjs")).href;
  const spawnedAt = Date.now();
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--import", serverOnly, path.join(import.meta.dirname, "soak-server.ts"), String(port)],
    { cwd: PROJECT_ROOT, env: process.env, stdio: ["ignore", "pipe", "pipe", "ipc"] },
  );
  server = child;
  logTo(serverLog, child);
  const listening = new Promise<number>((resolve, reject) => {
    child.once("message", (message) => resolve((message as { port: number }).port));
    child.once("exit", (code, signal) => reject(new Error(`the server exited (${signal ?? code}) before listening`)));
  });
  serverPort = await withTimeout(listening, 60_000, "the server to listen");
  figures.serverStartsMs.push(Date.now() - spawnedAt);
}

/** The child's stdout and stderr into its log, each line stamped with the soak's clock. */
function logTo(fd: number, child: ChildProcess): void {
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream, crlfDelay: Infinity }).on("line", (line) => {
      try {
        fs.writeSync(fd, `${((Date.now() - (t0 || startedAt)) / 1000).toFixed(3)} ${line}\n`);
      } catch {
        // The log is closed: the soak is over.
      }
    });
  }
}

function startDaemon(): void {
  daemon = startBenchDaemon({
    serverUrl: proxyUrl,
    apiKey,
    dataDir: dirs.daemon,
    maxTasks: TASKS,
    hostname: HOSTNAME,
    env: {
      FAKE_CLAUDE_LINES: String(LINES),
      FAKE_CLAUDE_RATE: String(RATE),
      FAKE_CLAUDE_START_FILE: startFile,
      FAKE_CLAUDE_STATE_DIR: dirs.claude,
    },
    // With an IPC channel, `makima daemon` stops when this process is gone, however it ends.
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  logTo(daemonLog, daemon);
}

async function stopChild(child: ChildProcess | undefined, signal: NodeJS.Signals, timeoutMs: number): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill(signal);
  // `makima daemon` waits for its IPC channel to close before it exits, even once it has stopped (see the report).
  if (signal !== "SIGKILL" && child.connected) child.disconnect();
  await Promise.race([exited, sleep(timeoutMs)]);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill("SIGKILL");
    await exited;
  }
}

/** Alive and not a zombie (a zombie holds nothing but its pid until it is reaped). */
function isRunning(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] !== "Z";
  } catch {
    return false;
  }
}

function kill(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // gone already
  }
}

/** This soak's fake claude processes still running (bwrap's too): in one of its worktrees, running fake-claude.mjs. */
function liveClaudes(under = worktreesDir): number[] {
  if (!fs.existsSync(under)) return [];
  return processesUnder(under).filter(
    (pid) => isRunning(pid) && commandLineOf(pid).some((arg) => arg.endsWith("fake-claude.mjs")),
  );
}

async function cleanUp(interrupted: boolean): Promise<void> {
  cleaningUp ??= (async () => {
    await stopChild(daemon, interrupted ? "SIGKILL" : "SIGTERM", 20_000);
    await stopChild(server, interrupted ? "SIGKILL" : "SIGTERM", 15_000);
    await proxy?.close();
    for (const pid of liveClaudes()) kill(pid);
    await db.$disconnect().catch(() => undefined);
    fs.closeSync(serverLog);
    fs.closeSync(daemonLog);
    if (KEEP) return void console.log(`[soak] kept ${Object.values(dirs).join(" ")}`);
    for (const dir of Object.values(dirs)) fs.rmSync(dir, { recursive: true, force: true });
  })();
  return cleaningUp;
}

// ---- the database and the records --------------------------------------------------------------------------------

function ended(status: string): boolean {
  return (FINISHED_TASK_STATUSES as readonly string[]).includes(status);
}

function taskRows() {
  return db.task.findMany({
    where: { id: { in: taskIds } },
    select: { id: true, status: true, claudeSessionId: true, autoResumes: true, worktreePath: true, error: true },
  });
}

function daemonRow() {
  return db.daemon.findFirst({ where: { hostname: HOSTNAME } });
}

async function storedLines(): Promise<number> {
  const highest = await db.taskOutput.groupBy({
    by: ["taskId"],
    where: { taskId: { in: taskIds } },
    _max: { seq: true },
  });
  return highest.reduce((sum, row) => sum + (row._max.seq ?? 0), 0);
}

/** What a fake claude session printed, by its own record (see scripts/fake-claude.mjs, BenchRecord). */
interface BenchRecord {
  scenario: string;
  cwd: string;
  printed: number;
  runs: Array<{ from: number; startedAt: number }>;
}

function readRecord(sessionId: string): BenchRecord | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dirs.claude, `session-${sessionId}.json`), "utf8")) as BenchRecord;
  } catch {
    return undefined;
  }
}

/** Tasks that have not ended and have no claude alive for them: left for ever in a status nothing will change. */
async function stuckTasks(): Promise<number> {
  let stuck = 0;
  for (const task of await taskRows()) {
    if (ended(task.status)) continue;
    const alive = task.worktreePath && fs.existsSync(task.worktreePath) ? liveClaudes(task.worktreePath) : [];
    if (alive.length === 0) {
      stuck++;
      problems.push(`task ${task.id} stuck ${task.status} with no claude alive (${task.error ?? "no error"})`);
    } else problems.push(`task ${task.id} still ${task.status} at the deadline, its claude alive`);
  }
  return stuck;
}

/** Every task's stored lines against its fake claude's record: see the doc comment for what counts as what. */
async function checkOutput() {
  const totals = { stored: 0, storedBench: 0, printed: 0, lost: 0, doubled: 0, dropped: 0, resumed: 0 };
  /** Odd but not what the figures count: lines stored after the task's result. */
  const notes: string[] = [];
  const sessions = new Set<string>();
  for (const task of await db.task.findMany({ where: { id: { in: taskIds } }, orderBy: { createdAt: "asc" } })) {
    const name = `${task.name} (${task.id})`;
    const rows = await db.taskOutput.findMany({
      where: { taskId: task.id },
      orderBy: { seq: "asc" },
      select: { seq: true, line: true },
    });
    totals.stored += rows.length;
    if (task.status !== "completed") problems.push(`${name} ended ${task.status}: ${task.error ?? "no error"}`);

    const seqs = new Set(rows.map((row) => row.seq));
    const highestSeq = rows.at(-1)?.seq ?? 0;
    if (seqs.size < rows.length) {
      totals.doubled += rows.length - seqs.size;
      problems.push(`${name}: ${rows.length - seqs.size} seqs stored twice`);
    }
    // A line missing is seen twice when it is a bench line (a seq gap, a bench number missing): counted once.
    const seqsMissing = highestSeq - seqs.size;
    let benchLost = 0;
    if (seqsMissing > 0) {
      const gaps = rows.filter((row, i) => i > 0 && row.seq !== rows[i - 1].seq + 1).map((row) => row.seq);
      problems.push(
        `${name}: ${highestSeq - seqs.size} seqs missing of 1..${highestSeq} (before seqs ${gaps.slice(0, 5)})`,
      );
    }
    const bench = rows.flatMap((row) => {
      const match = BENCH_TEXT.exec(row.line);
      return match ? [{ seq: row.seq, n: Number(match[1]) }] : [];
    });
    totals.storedBench += bench.length;
    const resumed = rows.some((row) => row.line.startsWith("Resumed after an interruption"));
    if (resumed) totals.resumed++;
    const result = rows.findLastIndex((row) => row.line.startsWith('{"type":"result"'));
    if (result >= 0 && result < rows.length - 1) {
      const after = rows.slice(result + 1).map((row) => `${row.seq} "${row.line.slice(0, 80)}"`);
      notes.push(`${name}: stored after its result: ${after.join(", ")}`);
    }

    const record = task.claudeSessionId ? readRecord(task.claudeSessionId) : undefined;
    if (task.claudeSessionId) sessions.add(task.claudeSessionId);
    if (!record) {
      problems.push(`${name}: no record of its claude session ${task.claudeSessionId}`);
      totals.lost += Math.max(seqsMissing, LINES);
      continue;
    }
    totals.printed += record.printed;
    if (record.runs[0]?.from !== 1 || record.printed !== LINES)
      problems.push(`${name}: its claude printed from ${record.runs[0]?.from} to ${record.printed}, not 1 to ${LINES}`);
    const caught = figures.runningAtKill.has(task.id);
    const expectedRuns = caught ? 2 : 1;
    if (record.runs.length !== expectedRuns)
      problems.push(`${name}: claude ran ${record.runs.length} times, not ${expectedRuns}`);
    if (caught && !((record.runs[1]?.startedAt ?? 0) > figures.daemonKilledAt))
      problems.push(`${name}: its second claude run did not start after the daemon's kill`);
    if (caught !== resumed) problems.push(`${name}: ${resumed ? "resumed, not caught" : "caught, not resumed"}`);

    let disordered = 0;
    for (let i = 1; i < bench.length; i++) if (bench[i].n <= bench[i - 1].n) disordered++;
    if (disordered) problems.push(`${name}: ${disordered} bench lines stored out of order`);
    const numbers = bench.map((line) => line.n);
    const distinct = new Set(numbers);
    if (distinct.size < numbers.length) {
      totals.doubled += numbers.length - distinct.size;
      const seen = new Set<number>();
      const twice = numbers.filter((n) => seen.has(n) || !seen.add(n));
      problems.push(`${name}: ${numbers.length - distinct.size} bench lines stored twice (${twice.slice(0, 5)} …)`);
    }
    const outside = numbers.filter((n) => n < 1 || n > record.printed).length;
    if (outside) problems.push(`${name}: ${outside} bench lines its claude's record does not account for`);

    let dropped = 0;
    record.runs.forEach((run, r) => {
      const last = r + 1 < record.runs.length ? record.runs[r + 1].from - 1 : record.printed;
      const inRun = [...distinct].filter((n) => n >= run.from && n <= last);
      const highest = inRun.reduce((max, n) => Math.max(max, n), run.from - 1);
      const holes = highest - run.from + 1 - inRun.length;
      const tail = last - highest;
      const cutOff = r + 1 < record.runs.length && run.startedAt < figures.daemonKilledAt;
      if (holes) {
        benchLost += holes;
        const missing = [];
        for (let n = run.from; n <= highest && missing.length < 5; n++) if (!distinct.has(n)) missing.push(n);
        problems.push(
          `${name}: run ${r + 1} (${run.from}..${last}) lost ${holes} lines before ${highest} (${missing} …)`,
        );
      }
      if (cutOff) dropped += tail;
      else if (tail) {
        benchLost += tail;
        problems.push(`${name}: run ${r + 1} (${run.from}..${last}) lost its last ${tail} lines (after ${highest})`);
      }
    });
    totals.dropped += dropped;
    totals.lost += Math.max(seqsMissing, benchLost);
    if (distinct.size !== LINES - dropped)
      problems.push(`${name}: ${distinct.size} distinct bench lines stored, not ${LINES} − ${dropped} dropped`);
  }
  // A claude session no task knows ran the plan again from its start.
  for (const file of fs.readdirSync(dirs.claude)) {
    const sessionId = /^session-(.+)\.json$/.exec(file)?.[1];
    if (sessionId && !sessions.has(sessionId)) problems.push(`a claude session no task knows of: ${sessionId}`);
  }
  return { ...totals, notes };
}

// ---- the report --------------------------------------------------------------------------------------------------

function range(values: number[]): string {
  if (values.length === 0) return "none";
  const sorted = [...values].sort((a, b) => a - b);
  return `${sorted[0]}–${sorted.at(-1)} ms, median ${sorted[Math.floor(sorted.length / 2)]} ms`;
}

function countInLog(file: string, pattern: RegExp): number {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => pattern.test(line)).length;
}

/** What the server and the daemon logged that may explain a problem (errors and refusals), at most 20 lines. */
function notableLogLines(): string[] {
  const notable = /error|refused|failed|unexpected|gave up|given up/i;
  const expected = /cannot reach .*: websocket error|disconnected \(transport error\)/;
  return [serverLogFile, daemonLogFile]
    .flatMap((file) =>
      fs
        .readFileSync(file, "utf8")
        .split("\n")
        .filter((line) => notable.test(line) && !expected.test(line))
        .map((line) => `${path.basename(file, ".log")}: ${line.slice(0, 300)}`),
    )
    .slice(0, 20);
}
