import { spawn } from "node:child_process";
import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { processAlive, processesIn } from "../../test/support/processes";
import { tempDir } from "../../test/support/git";
import { waitFor } from "../../test/support/stack";
import type { CommandWrapper } from "../claude/claude-process";
import { findPidNamespaceWrapper, pidNamespaceArgs } from "./pid-namespace";

const wrapper = findPidNamespaceWrapper(process.env.PATH);
const started: number[] = [];

afterEach(() => {
  for (const pid of started.splice(0)) if (processAlive(pid)) process.kill(pid, "SIGKILL");
});

/**
 * A stand-in daemon: a Node process that starts `sh` (through `wrapper`, if given) in `dir`, which starts a sleep
 * that calls setsid (so a group kill misses it), then waits. Resolves once both are running.
 */
async function daemonWithEscapingChild(dir: string, wrap: CommandWrapper | null) {
  const command = ["sh", "-c", "setsid sleep 300 & sleep 300"];
  const argv = wrap ? [wrap.file, ...wrap.args, ...command] : command;
  const script = `require("child_process").spawn(${JSON.stringify(argv[0])}, ${JSON.stringify(argv.slice(1))}, { cwd: ${JSON.stringify(dir)}, stdio: "ignore" }); setInterval(() => {}, 1000);`;
  const daemon = spawn(process.execPath, ["-e", script], { stdio: "ignore" });
  started.push(daemon.pid!);
  const sleeps = await waitFor(() => {
    const inDir = processesIn(dir).filter((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").startsWith("sleep"));
    return inDir.length === 2 ? inDir : undefined;
  });
  started.push(...sleeps);
  return { daemon, sleeps };
}

describe("the pid namespace", () => {
  it("is bwrap sharing the whole filesystem, with a pid namespace that dies with its parent", () => {
    expect(pidNamespaceArgs()).toEqual([
      "--dev-bind",
      "/",
      "/",
      "--proc",
      "/proc",
      "--unshare-pid",
      "--die-with-parent",
      "--",
    ]);
  });

  it("finds nothing where there is no bwrap", () => {
    expect(findPidNamespaceWrapper("/nonexistent")).toBeNull();
  });

  it.runIf(wrapper)(
    "ends every process claude started, setsid ones too, when the daemon is killed with SIGKILL",
    async () => {
      const { daemon, sleeps } = await daemonWithEscapingChild(tempDir("makima-pidns-"), wrapper);
      daemon.kill("SIGKILL");
      await waitFor(() => sleeps.every((pid) => !processAlive(pid)), 5000, "the namespace to end");
    },
  );

  it.runIf(wrapper)("is needed: without it the setsid process outlives a SIGKILLed daemon", async () => {
    const { daemon, sleeps } = await daemonWithEscapingChild(tempDir("makima-pidns-"), null);
    daemon.kill("SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sleeps.some((pid) => processAlive(pid))).toBe(true);
  });
});
