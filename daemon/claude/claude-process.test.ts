import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { buildClaudeArgs, childEnvironment, userMessageLine } from "./args";
import { ClaudeProcess, type ProcessStream } from "./claude-process";
import { TRUNCATION_MARKER_PREFIX } from "./line-splitter";
import { ASK_BEFORE_COMMANDS } from "../../test/support/claude-args";

const FAKE_CLAUDE = fileURLToPath(new URL("../../scripts/fake-claude.mjs", import.meta.url));
const workDir = realpathSync(mkdtempSync(join(tmpdir(), "claude-process-test-")));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

interface Received {
  stream: ProcessStream;
  line: string;
}

/** Runs `node -e script` and records every line it prints. */
function runNode(script: string, env: Record<string, string | undefined> = process.env) {
  const received: Received[] = [];
  const child = ClaudeProcess.start({
    command: "node",
    args: ["-e", script],
    cwd: workDir,
    env,
    onLine: (stream, line) => received.push({ stream, line }),
  });
  const linesOf = (stream: ProcessStream) =>
    received.filter((entry) => entry.stream === stream).map((entry) => entry.line);
  return { child, received, linesOf };
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Alive and not a zombie (an orphaned zombie may wait a while for init to reap it). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

function grandchildPid(linesOf: (stream: ProcessStream) => string[]) {
  return waitFor(() => {
    const line = linesOf("stdout").find((entry) => entry.startsWith("grandchild "));
    return line === undefined ? undefined : Number(line.split(" ")[1]);
  });
}

describe("ClaudeProcess", () => {
  it("delivers stdout and stderr lines in order, flushing an unterminated last line", async () => {
    const { child, linesOf } = runNode(`
      for (let i = 1; i <= 200; i++) {
        process.stdout.write("out " + i + "\\n");
        process.stderr.write("err " + i + "\\n");
      }
      process.stdout.write("no newline at the end");
    `);
    const exit = await child.exited;
    const numbered = (prefix: string) => Array.from({ length: 200 }, (_, i) => `${prefix} ${i + 1}`);
    expect(exit).toEqual({ exitCode: 0, signal: null });
    expect(linesOf("stdout")).toEqual([...numbered("out"), "no newline at the end"]);
    expect(linesOf("stderr")).toEqual(numbered("err"));
  });

  it("resolves exited only after a large output is fully drained", async () => {
    const { child, linesOf } = runNode(`
      const line = "x".repeat(200) + "\\n";
      process.stdout.write(line.repeat(20000), () => process.exit(0));
    `);
    await child.exited;
    expect(linesOf("stdout")).toHaveLength(20000);
  });

  it("reports the exit code", async () => {
    const { child } = runNode("process.exit(7)");
    expect(await child.exited).toEqual({ exitCode: 7, signal: null });
    expect(child.pid).toBeGreaterThan(0);
  });

  it("runs in cwd with exactly the environment given", async () => {
    const env = childEnvironment({ ...process.env, CLAUDECODE: "1", CLAUDE_CODE_ENTRYPOINT: "cli" }, { EXTRA: "yes" });
    const { child, linesOf } = runNode(
      `console.log(process.cwd()); console.log([process.env.CLAUDECODE, process.env.CLAUDE_CODE_ENTRYPOINT, process.env.EXTRA].join(","))`,
      env,
    );
    await child.exited;
    expect(linesOf("stdout")).toEqual([workDir, ",,yes"]);
  });

  it("writes lines to the child's stdin until it is closed", async () => {
    const { child, linesOf } = runNode(`
      const rl = require("node:readline").createInterface({ input: process.stdin });
      rl.on("line", (line) => console.log("got:" + line));
      rl.on("close", () => console.log("stdin closed"));
    `);
    expect(child.writeLine('{"type":"user","message":{"role":"user","content":"hi"}}')).toBe(true);
    expect(child.writeLine("wörld")).toBe(true);
    await waitFor(() => (linesOf("stdout").length === 2 ? true : undefined));
    child.closeStdin();
    expect(child.writeLine("too late")).toBe(false);
    expect(await child.exited).toEqual({ exitCode: 0, signal: null });
    expect(linesOf("stdout")).toEqual([
      'got:{"type":"user","message":{"role":"user","content":"hi"}}',
      "got:wörld",
      "stdin closed",
    ]);
  });

  it("ignores writes to a child that stopped reading", async () => {
    const { child } = runNode("process.stdin.destroy(); setTimeout(() => {}, 300)");
    for (let i = 0; i < 50; i++) child.writeLine("x".repeat(64 * 1024));
    expect(await child.exited).toEqual({ exitCode: 0, signal: null });
    expect(child.writeLine("after exit")).toBe(false);
  });

  it("stop() ends the child and the grandchild it spawned", async () => {
    const { child, linesOf } = runNode(`
      const { spawn } = require("node:child_process");
      const grandchild = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
      console.log("grandchild " + grandchild.pid);
      setInterval(() => {}, 1000);
    `);
    const grandchild = await grandchildPid(linesOf);
    expect(isAlive(grandchild)).toBe(true);
    const exit = await child.stop({ graceMs: 3000 });
    expect(exit).toEqual({ exitCode: null, signal: "SIGTERM" });
    await waitFor(() => (isAlive(grandchild) ? undefined : true));
  });

  it("stop() kills with SIGKILL after the grace period when SIGTERM is ignored", async () => {
    const { child, linesOf } = runNode(`
      process.on("SIGTERM", () => console.log("ignoring SIGTERM"));
      console.log("ready");
      setInterval(() => {}, 1000);
    `);
    await waitFor(() => (linesOf("stdout").includes("ready") ? true : undefined));
    const startedAt = Date.now();
    const exit = await child.stop({ graceMs: 300 });
    expect(exit).toEqual({ exitCode: null, signal: "SIGKILL" });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(250);
    expect(linesOf("stdout")).toContain("ignoring SIGTERM");
  });

  it("stop() sweeps a grandchild that ignores SIGTERM once the child is gone", async () => {
    const { child, linesOf } = runNode(`
      const { spawn } = require("node:child_process");
      const grandchild = spawn(process.execPath, ["-e", "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"], { stdio: "ignore" });
      console.log("grandchild " + grandchild.pid);
      setInterval(() => {}, 1000);
    `);
    const grandchild = await grandchildPid(linesOf);
    const startedAt = Date.now();
    await child.stop({ graceMs: 20_000 });
    expect(Date.now() - startedAt).toBeLessThan(5000);
    await waitFor(() => (isAlive(grandchild) ? undefined : true));
  });

  it("stop() after the process exited just returns its exit", async () => {
    const { child } = runNode("process.exit(2)");
    await child.exited;
    expect(await child.stop()).toEqual({ exitCode: 2, signal: null });
  });

  it("reports a command that does not exist instead of throwing", async () => {
    const child = ClaudeProcess.start({
      command: "nonexistent-cmd --flag",
      args: ["-p"],
      cwd: workDir,
      env: process.env,
      onLine: () => {
        throw new Error("no output expected");
      },
    });
    expect(child.pid).toBeUndefined();
    expect(child.writeLine("hello")).toBe(false);
    child.closeStdin();
    const exit = await child.exited;
    expect(exit).toEqual({
      exitCode: null,
      signal: null,
      spawnError: 'Failed to start claude command "nonexistent-cmd --flag": spawn nonexistent-cmd ENOENT',
    });
    expect(await child.stop()).toEqual(exit);
  });

  it("reports an empty command", async () => {
    const child = ClaudeProcess.start({ command: "  ", args: [], cwd: workDir, env: process.env, onLine: () => {} });
    expect((await child.exited).spawnError).toBe('Failed to start claude command "  ": the command is empty');
  });

  it("passes extra words of the command before the arguments", async () => {
    const script = join(workDir, "print-argv.mjs");
    writeFileSync(script, "console.log(JSON.stringify(process.argv.slice(2)))\n");
    const received: string[] = [];
    const child = ClaudeProcess.start({
      command: `node ${script}`,
      args: ["-p", "--verbose"],
      cwd: workDir,
      env: process.env,
      onLine: (_stream, line) => received.push(line),
    });
    await child.exited;
    expect(JSON.parse(received[0])).toEqual(["-p", "--verbose"]);
  });
});

describe("ClaudeProcess running the fake claude", () => {
  /**
   * Starts the fake as the daemon would: prompt on stdin, stdin closed after the result line. `stdout`: its complete
   * messages (the stream_event lines that type a text first are the line pipeline's business).
   */
  function startFake(scenario: string) {
    const stdout: string[] = [];
    const child = ClaudeProcess.start({
      command: `node ${FAKE_CLAUDE}`,
      args: buildClaudeArgs({ permissions: ASK_BEFORE_COMMANDS }),
      cwd: workDir,
      env: childEnvironment(process.env, { FAKE_CLAUDE_SCENARIO: scenario }),
      onLine: (stream, line) => {
        if (stream !== "stdout" || line.startsWith('{"type":"stream_event"')) return;
        stdout.push(line);
        if (line.startsWith('{"type":"result"')) child.closeStdin();
      },
    });
    child.writeLine(userMessageLine("Do the task."));
    return { child, stdout };
  }

  it("relays a whole run and exits once stdin is closed after the result", async () => {
    const { child, stdout } = startFake("text");
    expect(await child.exited).toEqual({ exitCode: 0, signal: null });
    const types = stdout.map((line) => (JSON.parse(line) as { type: string }).type);
    expect(types).toEqual(["system", "assistant", "assistant", "user", "assistant", "result"]);
  });

  it("cuts a line over 1 MiB and still delivers the result after it", async () => {
    const { child, stdout } = startFake("huge-line");
    expect(await child.exited).toEqual({ exitCode: 0, signal: null });
    expect(stdout).toHaveLength(3);
    expect(stdout[1]).toContain(TRUNCATION_MARKER_PREFIX);
    expect(Buffer.byteLength(stdout[1].slice(0, stdout[1].indexOf(TRUNCATION_MARKER_PREFIX)))).toBe(1024 * 1024);
    expect(JSON.parse(stdout[2])).toMatchObject({ type: "result", subtype: "success" });
  });

  it("stops a claude that hangs", async () => {
    const { child, stdout } = startFake("hang");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await child.stop({ graceMs: 2000 })).toEqual({ exitCode: null, signal: "SIGTERM" });
    expect(stdout).toEqual([]);
  });
});
