import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { FAKE_CLAUDE_COMMAND, waitFor } from "../support/stack";
import { tempDir } from "../support/git";
import { childrenOf, processAlive } from "../support/processes";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** `makima start --port 0` on its own data folder, with the fake claude; `output.text` collects what it prints. */
function startMakima(dataDir: string) {
  const child = spawn(process.execPath, [path.join(ROOT, "bin/makima.mjs"), "start", "--port", "0"], {
    cwd: ROOT,
    env: { ...process.env, MAKIMA_DATA_DIR: dataDir, MAKIMA_CLAUDE_COMMAND: FAKE_CLAUDE_COMMAND, DATABASE_URL: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = { text: "" };
  child.stdout.on("data", (chunk) => (output.text += chunk));
  child.stderr.on("data", (chunk) => (output.text += chunk));
  return { child, output };
}

describe("makima start (what npm start runs)", () => {
  it.each(["SIGTERM", "SIGINT"] as const)(
    "serves the dashboard with a local daemon, and stops both on %s",
    async (signal) => {
      expect(fs.existsSync(path.join(ROOT, ".next/BUILD_ID")), "run `next build` first (npm test does)").toBe(true);
      const dataDir = tempDir("makima-start-");
      const { child, output } = startMakima(dataDir);
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

      const url = await waitFor(
        () => output.text.match(/Makima is running at (http:\/\/\S+)/)?.[1],
        60_000,
        "the server",
      );
      const page = await fetch(url);
      expect(page.status).toBe(200);
      // Nobody is signed in: the dashboard sends the visitor to the sign-in page.
      expect(new URL(page.url).pathname).toBe("/sign-in");
      expect(await page.text()).toContain("Makima");

      // The local daemon connected with its provisioned key; the SQLite file is where MAKIMA_DATA_DIR says.
      const dbFile = path.join(dataDir, "makima.db");
      await waitFor(
        () => {
          const db = new Database(dbFile, { readonly: true });
          try {
            return (
              (db.prepare("SELECT COUNT(*) AS n FROM Daemon WHERE status = 'connected'").get() as { n: number }).n === 1
            );
          } finally {
            db.close();
          }
        },
        30_000,
        "the local daemon",
      );
      const db = new Database(dbFile, { readonly: true });
      expect(db.prepare("SELECT scope, revokedAt FROM ApiKey").all()).toEqual([{ scope: "daemon", revokedAt: null }]);
      db.close();

      const daemonPids = childrenOf(child.pid!);
      expect(daemonPids.length).toBeGreaterThan(0);
      child.kill(signal);
      expect(await exited).toBe(0);
      expect(output.text).toContain("[daemon] stopping");
      await waitFor(() => daemonPids.every((pid) => !processAlive(pid)), 10_000, "the local daemon to exit");
    },
  );
});

describe("the local daemon of makima start", () => {
  it("stops by itself when the server process is killed outright", async () => {
    const { child, output } = startMakima(tempDir("makima-start-kill-"));
    await waitFor(() => output.text.includes("[daemon] connected to"), 60_000, "the local daemon");
    const daemonPids = childrenOf(child.pid!);
    expect(daemonPids.length).toBeGreaterThan(0);
    child.kill("SIGKILL");
    await waitFor(() => daemonPids.every((pid) => !processAlive(pid)), 15_000, "the orphaned daemon to exit");
  });
});
