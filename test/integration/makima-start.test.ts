import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { FAKE_CLAUDE_COMMAND, waitFor } from "../support/stack";
import { recordedClaudeRuns } from "../support/claude-args";
import { createGitRepo, tempDir } from "../support/git";
import { childrenOf, processAlive } from "../support/processes";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** `makima start --port 0` on its own data folder, with the fake claude; `output.text` collects what it prints. */
function startMakima(dataDir: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [path.join(ROOT, "bin/makima.mjs"), "start", "--port", "0"], {
    cwd: ROOT,
    env: {
      ...process.env,
      MAKIMA_DATA_DIR: dataDir,
      MAKIMA_CLAUDE_COMMAND: FAKE_CLAUDE_COMMAND,
      DATABASE_URL: "",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = { text: "" };
  child.stdout.on("data", (chunk) => (output.text += chunk));
  child.stderr.on("data", (chunk) => (output.text += chunk));
  return { child, output };
}

/** The Daemon rows of the SQLite file, read as the Daemons page would show them. */
function daemonRows(dbFile: string): { status: string; restarts: number }[] {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db.prepare("SELECT status, restarts FROM Daemon").all() as { status: string; restarts: number }[];
  } finally {
    db.close();
  }
}

/** The pids `makima start` logged for its local daemon, one per start. */
const daemonPids = (output: { text: string }) =>
  [...output.text.matchAll(/\[server\] local daemon started \(pid (\d+)\)/g)].map((match) => Number(match[1]));

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
        () => daemonRows(dbFile).filter((row) => row.status === "connected").length === 1,
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

describe("the local daemon of makima start, crashed", () => {
  it("is restarted after a kill -9, reconnects counted as restarted once, and still ends with makima start", async () => {
    const dataDir = tempDir("makima-start-crash-");
    const dbFile = path.join(dataDir, "makima.db");
    const { child, output } = startMakima(dataDir);
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    await waitFor(() => output.text.includes("Makima is running at"), 60_000, "the server");
    await waitFor(() => daemonRows(dbFile).some((row) => row.status === "connected"), 30_000, "the local daemon");
    const [first] = daemonPids(output);
    expect(childrenOf(child.pid!)).toContain(first);

    process.kill(first, "SIGKILL");
    await waitFor(
      () => output.text.includes("[server] the local daemon exited (signal SIGKILL); restarting it in 1 s (restart 1)"),
      10_000,
      "the restart to be announced",
    );
    const second = await waitFor(() => daemonPids(output)[1], 10_000, "the second local daemon");
    expect(second).not.toBe(first);
    // The same daemon (its machine id) is back: one row, connected, restarted once.
    await waitFor(
      () => JSON.stringify(daemonRows(dbFile)) === JSON.stringify([{ status: "connected", restarts: 1 }]),
      30_000,
      "the restarted daemon to reconnect",
    );

    const processes = childrenOf(child.pid!);
    expect(processes).toContain(second);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    await waitFor(() => processes.every((pid) => !processAlive(pid)), 10_000, "the local daemon to exit");
    expect(daemonPids(output)).toHaveLength(2);
    // It stopped on the SIGTERM: its channel to makima start did not hold it until the SIGKILL.
    expect(output.text).not.toContain("did not stop within");
  });

  it("resumes the task it was running, on the same claude session, when it comes back after a kill -9", async () => {
    const dataDir = tempDir("makima-start-resume-");
    const dbFile = path.join(dataDir, "makima.db");
    const argsFile = path.join(dataDir, "claude-args.jsonl");
    const { child, output } = startMakima(dataDir, {
      FAKE_CLAUDE_ARGS_FILE: argsFile,
      FAKE_CLAUDE_SILENT_MS: "600000",
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    await waitFor(() => output.text.includes("Makima is running at"), 60_000, "the server");
    await waitFor(() => daemonRows(dbFile).some((row) => row.status === "connected"), 30_000, "the local daemon");
    const taskId = insertTask(dbFile, createGitRepo(), "scenario:silent");

    // A task made behind the server's back is handed out when a daemon (the restarted one) authenticates.
    process.kill(daemonPids(output)[0], "SIGKILL");
    const first = await waitFor(() => {
      const task = taskRow(dbFile, taskId);
      return task.status === "running" && task.claudeSessionId ? task : undefined;
    }, 30_000);
    process.kill(daemonPids(output)[1], "SIGKILL");

    const resumed = await waitFor(() => {
      const task = taskRow(dbFile, taskId);
      return task.status === "running" && task.autoResumes === 1 ? task : undefined;
    }, 30_000);
    expect(resumed.claudeSessionId).toBe(first.claudeSessionId);
    const runs = await waitFor(() => {
      const recorded = recordedClaudeRuns(argsFile, (run) => run.env.MAKIMA_TASK_ID === taskId);
      return recorded.length === 2 ? recorded : undefined;
    });
    expect(runs[0].argv).not.toContain("--resume");
    expect(runs[1].argv).toEqual(expect.arrayContaining(["--resume", first.claudeSessionId!]));

    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});

/** A contract on `repository` with one pending task, written straight into the server's SQLite file; the task's id. */
function insertTask(dbFile: string, repository: string, plan: string): string {
  const db = new Database(dbFile);
  try {
    const now = new Date().toISOString();
    const contractId = randomUUID();
    const taskId = randomUUID();
    db.prepare("INSERT INTO Contract (id, name, repository, updatedAt) VALUES (?, ?, ?, ?)").run(
      contractId,
      "restarts",
      repository,
      now,
    );
    db.prepare("INSERT INTO Task (id, contractId, name, plan, updatedAt) VALUES (?, ?, ?, ?, ?)").run(
      taskId,
      contractId,
      "survives",
      plan,
      now,
    );
    return taskId;
  } finally {
    db.close();
  }
}

function taskRow(dbFile: string, taskId: string) {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db.prepare("SELECT status, claudeSessionId, autoResumes FROM Task WHERE id = ?").get(taskId) as {
      status: string;
      claudeSessionId: string | null;
      autoResumes: number;
    };
  } finally {
    db.close();
  }
}
