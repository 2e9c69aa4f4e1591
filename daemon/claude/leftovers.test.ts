import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { processAlive } from "../../test/support/processes";
import { tempDir } from "../../test/support/git";
import { waitFor } from "../../test/support/stack";
import { LeftoverRecords, processStartTime } from "./leftovers";

describe("processStartTime", () => {
  it("reads field 22 of /proc/<pid>/stat, however the command is named", () => {
    const proc = tempDir("makima-proc-");
    fs.mkdirSync(path.join(proc, "42"));
    const fields = Array.from({ length: 50 }, (_, i) => String(i + 3));
    fs.writeFileSync(path.join(proc, "42", "stat"), `42 (a (b) c) ${fields.join(" ")}`);
    expect(processStartTime(42, proc)).toBe("22");
    expect(processStartTime(43, proc)).toBeNull();
  });

  it("is stable for a running process", () => {
    expect(processStartTime(process.pid)).toBe(processStartTime(process.pid));
    expect(processStartTime(process.pid)).toMatch(/^\d+$/);
  });
});

describe("LeftoverRecords", () => {
  it("ends a recorded process still running as itself, and drops the record", () => {
    const killed: number[] = [];
    const records = new LeftoverRecords(
      tempDir("makima-left-"),
      () => "100",
      (pid) => killed.push(pid),
    );
    records.record("t1", 4242);
    expect(records.endLeftovers()).toEqual([{ taskId: "t1", pid: 4242, startTime: "100" }]);
    expect(killed).toEqual([4242]);
    expect(records.endLeftovers()).toEqual([]);
  });

  it("leaves alone a pid now used by another program (another start time), and a gone one", () => {
    const killed: number[] = [];
    let now: string | null = "100";
    const records = new LeftoverRecords(
      tempDir("makima-left-"),
      () => now,
      (pid) => killed.push(pid),
    );
    records.record("reused", 1);
    now = "999";
    expect(records.endLeftovers()).toEqual([]);
    now = "100";
    records.record("gone", 2);
    now = null;
    expect(records.endLeftovers()).toEqual([]);
    expect(killed).toEqual([]);
  });

  it("forgets a process that ended, and skips a record it cannot read", () => {
    const dir = tempDir("makima-left-");
    const killed: number[] = [];
    const records = new LeftoverRecords(
      dir,
      () => "1",
      (pid) => killed.push(pid),
    );
    records.record("t1", 7);
    records.forget("t1");
    fs.writeFileSync(path.join(dir, "broken.json"), "{ not json");
    expect(records.endLeftovers()).toEqual([]);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("really ends a leftover process group", async () => {
    const child = spawn("sleep", ["300"], { detached: true, stdio: "ignore" });
    const records = new LeftoverRecords(tempDir("makima-left-"));
    records.record("t1", child.pid!);
    expect(records.endLeftovers()).toHaveLength(1);
    await waitFor(() => child.exitCode !== null || child.signalCode !== null, 5000, "sleep to end");
    expect(processAlive(child.pid!)).toBe(false);
  });
});
