/**
 * `npm run bench:view`: how fast a task page shows its newest output, and what it holds, in a real browser.
 *
 * Serves the production build (`next build` must have run: .next/BUILD_ID) from a server on a fresh SQLite file,
 * seeds tasks of each size straight into it (a realistic stream-json transcript: texts, tool calls and their
 * results, see test/support/seed-output.ts), signs in, and opens each task page in a fresh tab of Debian's Chromium,
 * BENCH_VIEW_RUNS times (sizes taken in turn). "Newest visible" is the time from navigation start to the task's
 * last line being on screen in the log; "heap" is the page's used JS heap after a garbage collection (CDP), a moment
 * after that. Medians are reported.
 *
 * Then the live part: a task of the largest size runs on a real daemon whose fake claude prints --live-rate lines a
 * second for --live-seconds seconds while its page follows the tail: how long frames took, and how late each line
 * was on screen after claude printed it.
 *
 * Flags: --sizes 1000,100000 --runs 5 --live-rate 1000 --live-seconds 5 (or env BENCH_VIEW_SIZES, BENCH_VIEW_RUNS,
 * BENCH_VIEW_LIVE_RATE, BENCH_VIEW_LIVE_SECONDS; --live-rate 0 skips the live part). Ends with one line per size:
 *   view: <N> lines, newest visible <ms> ms, heap <MB> MB
 */
import { once } from "node:events";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { ChildProcess } from "node:child_process";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright";
import { createApiKey } from "../lib/server/api-keys/api-key-store";
import { resolveServerConfig } from "../lib/server/config";
import { getDb } from "../lib/server/db/client";
import { getRuntime } from "../lib/server/runtime";
import { startServer, type RunningServer } from "../lib/server/start-server";
import { databaseUrl, sqliteFilePath } from "../lib/shared/data-location";
import { signedInUser } from "../test/support/auth";
import { createGitRepo, tempDir } from "../test/support/git";
import { openDatabase, seedContract, seedTask } from "../test/support/seed-output";
import { PROJECT_ROOT, nonNegativeInt, positiveInt, startBenchDaemon, waitUntil } from "./support";

const { values: flags } = parseArgs({
  options: {
    sizes: { type: "string" },
    runs: { type: "string" },
    "live-rate": { type: "string" },
    "live-seconds": { type: "string" },
  },
});
const SIZES = (flags.sizes ?? process.env.BENCH_VIEW_SIZES ?? "1000,100000")
  .split(",")
  .map((size) => positiveInt(size.trim(), 0, "sizes"));
const RUNS = positiveInt(flags.runs ?? process.env.BENCH_VIEW_RUNS, 5, "runs");
const LIVE_RATE = nonNegativeInt(flags["live-rate"] ?? process.env.BENCH_VIEW_LIVE_RATE, 1000, "live-rate");
const LIVE_SECONDS = positiveInt(flags["live-seconds"] ?? process.env.BENCH_VIEW_LIVE_SECONDS, 5, "live-seconds");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** After the newest line shows: lets whatever the page still does settle before the heap is read. */
const SETTLE_MS = 1500;
const VIEWPORT = { width: 1280, height: 800 };

/**
 * Records, in the page, each animation frame's time and how late each bench line ("bench <i> t=<epoch ms>") was
 * first rendered in the log. A string: the bundler's helpers would not exist in the page.
 */
const LIVE_PROBE = `(() => {
  const state = { frames: [], latencies: [], seen: new Set() };
  window.__live = state;
  const frame = (time) => {
    state.frames.push(time);
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  const log = document.querySelector('[role="log"]');
  new MutationObserver(() => {
    const now = performance.timeOrigin + performance.now();
    for (const element of log.querySelectorAll('[data-kind="assistantText"]')) {
      const match = /bench (\\d+) t=([\\d.]+)/.exec(element.textContent || "");
      if (!match || state.seen.has(match[1])) continue;
      state.seen.add(match[1]);
      state.latencies.push(now - Number(match[2]));
    }
  }).observe(log, { childList: true, subtree: true });
})()`;

const BUILD_ID = path.join(PROJECT_ROOT, ".next/BUILD_ID");
if (!fs.existsSync(BUILD_ID)) {
  console.error("bench:view serves the production build: run `npx next build` first (no .next/BUILD_ID).");
  process.exit(1);
}

const dataDir = tempDir("makima-bench-view-");
const daemonDir = tempDir("makima-bench-view-daemon-");
const repo = createGitRepo(tempDir("makima-bench-view-repo-"));
process.env.MAKIMA_DATA_DIR = dataDir;
delete process.env.DATABASE_URL;

let server: RunningServer | undefined;
let browser: Browser | undefined;
let daemon: ChildProcess | undefined;
const summary: string[] = [];
let exitCode = 1;
try {
  console.log(`build ${fs.readFileSync(BUILD_ID, "utf8").trim()} (${fs.statSync(BUILD_ID).mtime.toISOString()})`);
  server = await startServer(resolveServerConfig({ host: "127.0.0.1", port: "0" }), true);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--disable-quic"],
  });
  exitCode = await run(server, browser);
} catch (error) {
  console.error("bench failed:", error);
} finally {
  await browser?.close();
  if (daemon && daemon.exitCode === null) {
    daemon.kill("SIGTERM");
    await once(daemon, "exit");
  }
  await server?.close();
  for (const dir of [dataDir, daemonDir, repo]) fs.rmSync(dir, { recursive: true, force: true });
}
// Last, after the server's shutdown logs.
for (const line of summary) console.log(line);
process.exit(exitCode);

async function run(server: RunningServer, browser: Browser): Promise<number> {
  const db = openDatabase(sqliteFilePath(databaseUrl()));
  const contractId = seedContract(db, { name: "view bench", repository: repo });
  const tasks = new Map<number, string>();
  for (const size of SIZES) {
    const startedAt = performance.now();
    tasks.set(size, seedTask(db, { contractId, name: `${size} lines`, lines: size }));
    console.log(`seeded ${size} lines in ${Math.round(performance.now() - startedAt)} ms`);
  }
  const { cookie } = await signedInUser("owner");
  const cookies = cookie.split("; ").map((pair) => {
    const at = pair.indexOf("=");
    return { name: pair.slice(0, at), value: pair.slice(at + 1), url: server.url };
  });
  const newTab = async () => {
    const context = await browser.newContext({ viewport: VIEWPORT });
    await context.addCookies(cookies);
    return { context, page: await context.newPage() };
  };

  // One visit first, unmeasured: the server's first render of a page compiles and caches what later ones reuse.
  {
    const { context, page } = await newTab();
    await openTask(page, `${server.url}/tasks/${tasks.get(SIZES[0])}`, SIZES[0]);
    await context.close();
  }

  const results = new Map<number, { visibleMs: number[]; heapMb: number[] }>(
    SIZES.map((size) => [size, { visibleMs: [], heapMb: [] }]),
  );
  for (let runNumber = 1; runNumber <= RUNS; runNumber++) {
    for (const size of SIZES) {
      const { context, page } = await newTab();
      const visibleMs = await openTask(page, `${server.url}/tasks/${tasks.get(size)}`, size);
      await page.waitForTimeout(SETTLE_MS);
      const paintMs = (await page.evaluate(
        `performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN`,
      )) as number;
      const heapMb = await usedHeapMb(context, page);
      await context.close();
      results.get(size)!.visibleMs.push(visibleMs);
      results.get(size)!.heapMb.push(heapMb);
      console.log(
        `run ${runNumber}: ${size} lines, newest visible ${Math.round(visibleMs)} ms ` +
          `(first paint ${Math.round(paintMs)} ms), heap ${heapMb.toFixed(1)} MB`,
      );
    }
  }

  if (LIVE_RATE > 0) {
    const size = Math.max(...SIZES);
    console.log(await live(db, contractId, size, newTab, server.url));
  }
  db.close();

  const medians = SIZES.map((size) => ({
    size,
    visibleMs: median(results.get(size)!.visibleMs),
    heapMb: median(results.get(size)!.heapMb),
  }));
  const [smallest, largest] = [medians[0], medians.at(-1)!];
  if (medians.length > 1) {
    summary.push(
      `ratio: ${largest.size} / ${smallest.size} lines, newest visible ${(largest.visibleMs / smallest.visibleMs).toFixed(2)}×`,
    );
  }
  for (const { size, visibleMs, heapMb } of medians)
    summary.push(`view: ${size} lines, newest visible ${Math.round(visibleMs)} ms, heap ${heapMb.toFixed(1)} MB`);
  return 0;
}

/** Navigates and returns the ms from navigation start to the task's line `lastSeq` being on screen in the log. */
async function openTask(page: Page, url: string, lastSeq: number): Promise<number> {
  await page.goto(url, { waitUntil: "commit" });
  return whenShown(page, lastSeq, 180_000);
}

/** Waits for line `seq` to be on screen in the page's log; returns when it first was (the page's performance.now()). */
async function whenShown(page: Page, seq: number, timeoutMs: number): Promise<number> {
  const shownAt = await page.waitForFunction(
    (selector) => {
      const element = document.querySelector(selector);
      const log = element?.closest('[role="log"]');
      if (!element || !log) return false;
      const box = element.getBoundingClientRect();
      const view = log.getBoundingClientRect();
      // After a navigation, performance.now() counts from its start.
      return box.height > 0 && box.top < view.bottom && box.bottom > view.top ? performance.now() : false;
    },
    `[role="log"] [data-key="${seq}:0"]`,
    { polling: "raf", timeout: timeoutMs },
  );
  return (await shownAt.jsonValue()) as number;
}

async function usedHeapMb(context: BrowserContext, page: Page): Promise<number> {
  const cdp = await context.newCDPSession(page);
  await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = await cdp.send("Runtime.getHeapUsage");
  await cdp.detach();
  return usedSize / 2 ** 20;
}

/**
 * A task with `size` lines already runs on a real daemon whose fake claude prints LIVE_RATE lines a second (the
 * bench scenario: each line stamped with its print time) while a tab follows it.
 */
async function live(
  db: ReturnType<typeof openDatabase>,
  contractId: string,
  size: number,
  newTab: () => Promise<{ context: BrowserContext; page: Page }>,
  serverUrl: string,
): Promise<string> {
  const lines = LIVE_RATE * LIVE_SECONDS;
  const taskId = seedTask(db, { contractId, name: "live", lines: size, status: "pending", plan: "scenario:bench" });
  const { context, page } = await newTab();
  await openTask(page, `${serverUrl}/tasks/${taskId}`, size);
  await page.evaluate(LIVE_PROBE);

  daemon = startBenchDaemon({
    serverUrl,
    apiKey: (await createApiKey(getDb(), { name: "view bench daemon", scope: "daemon", userId: null })).key,
    dataDir: daemonDir,
    maxTasks: 1,
    hostname: "view-bench-daemon",
    env: { FAKE_CLAUDE_LINES: String(lines), FAKE_CLAUDE_RATE: String(LIVE_RATE) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const prisma = getDb();
  await waitUntil(async () => (await prisma.daemon.count({ where: { status: "connected" } })) === 1, 30_000, "daemon");
  await getRuntime().scheduleTasks();
  await waitUntil(
    async () => (await prisma.task.findUnique({ where: { id: taskId } }))?.status === "completed",
    60_000 + LIVE_SECONDS * 2000,
    "the live task to complete",
  );
  const last = await prisma.taskOutput.findFirst({ where: { taskId }, orderBy: { seq: "desc" } });
  const caughtUp = performance.now();
  await whenShown(page, last!.seq, 30_000).catch(async (error: unknown) => {
    const state = await page.evaluate(`(() => {
      const log = document.querySelector('[role="log"]');
      const keys = [...log.querySelectorAll("[data-key]")].map((element) => element.dataset.key);
      return { lines: document.querySelector('[data-testid="output-lines"]')?.textContent, scrollTop: log.scrollTop,
        scrollHeight: log.scrollHeight, clientHeight: log.clientHeight, first: keys[0], last: keys.at(-1) };
    })()`);
    throw new Error(`line ${last!.seq} never showed: ${JSON.stringify(state)}`, { cause: error });
  });
  const caughtUpMs = performance.now() - caughtUp;
  const state = (await page.evaluate("({ ...window.__live, seen: window.__live.seen.size })")) as {
    frames: number[];
    latencies: number[];
    seen: number;
  };
  await context.close();

  const intervals = state.frames
    .slice(1)
    .map((time, i) => time - state.frames[i])
    .sort((a, b) => a - b);
  const latencies = state.latencies.sort((a, b) => a - b);
  return (
    `live: ${LIVE_RATE} lines/s for ${LIVE_SECONDS} s into a ${size}-line task, following: ` +
    `frames p50 ${percentile(intervals, 50).toFixed(1)} ms, p99 ${percentile(intervals, 99).toFixed(1)} ms, ` +
    `longest ${(intervals.at(-1) ?? NaN).toFixed(0)} ms; printed → on screen p50 ${percentile(latencies, 50).toFixed(0)} ms, ` +
    `p99 ${percentile(latencies, 99).toFixed(0)} ms (${state.seen} of ${lines} lines seen rendered); ` +
    `last line shown ${Math.round(caughtUpMs)} ms after the task completed`
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
