/**
 * `npm run bench:start`: how long `npm start` takes until the dashboard answers, once with a build (the build record
 * removed, as after a change to the sources) and once more with nothing changed (no build: scripts/build-dashboard.mjs).
 * Each start gets a fresh data folder and port, and is stopped (SIGTERM to its process group) once it answers.
 * Ends with one line:
 *   start: with a build <x> s, unchanged <y> s (<percent>% of it)
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { tempDir } from "../test/support/git";
import { PROJECT_ROOT, waitUntil } from "./support";

const BUILD_RECORD = path.join(PROJECT_ROOT, ".next/makima-build.json");

fs.rmSync(BUILD_RECORD, { force: true });
const withBuild = await timedStart("with a build");
const unchanged = await timedStart("unchanged");
console.log(
  `start: with a build ${seconds(withBuild)} s, unchanged ${seconds(unchanged)} s ` +
    `(${Math.round((100 * unchanged) / withBuild)}% of it)`,
);

/** Runs `npm start` until the dashboard answers; returns the milliseconds that took. */
async function timedStart(label: string): Promise<number> {
  const dataDir = tempDir("makima-bench-start-");
  const port = await freePort();
  const startedAt = performance.now();
  const child = spawn("npm", ["start"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, MAKIMA_DATA_DIR: dataDir, PORT: String(port), MAKIMA_HOST: "127.0.0.1" },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  try {
    await waitUntil(() => answers(port), 600_000, `npm start (${label}) to answer`, 100);
    const ms = performance.now() - startedAt;
    console.log(`${label}: answered after ${seconds(ms)} s`);
    return ms;
  } finally {
    process.kill(-child.pid!, "SIGTERM");
    if (child.exitCode === null) await once(child, "exit");
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function answers(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/sign-in`, { redirect: "manual" });
    return response.status < 500;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}
