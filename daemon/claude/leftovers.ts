import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { signalProcess } from "./process-group";

/**
 * The claude processes this daemon started, recorded in its data folder while they run: a daemon that died without
 * ending them (where no pid namespace or sandbox did it for it) ends them at its next start. A record names the pid
 * and the process's start time, so a pid the system has since given to another program is left alone.
 */
const LeftoverRecord = z.object({ taskId: z.string(), pid: z.number().int().positive(), startTime: z.string() });
type LeftoverRecord = z.infer<typeof LeftoverRecord>;

/** A process's start time since boot (field 22 of /proc/<pid>/stat), or null when it is gone or unreadable. */
export function processStartTime(pid: number, proc = "/proc"): string | null {
  try {
    const stat = fs.readFileSync(path.join(proc, String(pid), "stat"), "utf8");
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

export class LeftoverRecords {
  constructor(
    private readonly dir: string,
    private readonly startTimeOf: (pid: number) => string | null = processStartTime,
    private readonly kill: (pid: number) => void = (pid) => {
      signalProcess(-pid, "SIGKILL");
      signalProcess(pid, "SIGKILL");
    },
  ) {}

  /** claude runs for this task as `pid` (the head of its process group). */
  record(taskId: string, pid: number): void {
    const startTime = this.startTimeOf(pid);
    if (startTime === null) return;
    fs.mkdirSync(this.dir, { recursive: true });
    fs.writeFileSync(this.file(taskId), JSON.stringify({ taskId, pid, startTime } satisfies LeftoverRecord));
  }

  /** The task's claude has ended. */
  forget(taskId: string): void {
    fs.rmSync(this.file(taskId), { force: true });
  }

  /** At start-up: ends each recorded process still running as itself, and drops every record; returns those ended. */
  endLeftovers(): LeftoverRecord[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      return [];
    }
    const ended: LeftoverRecord[] = [];
    for (const name of names) {
      const file = path.join(this.dir, name);
      const record = readRecord(file);
      if (record && this.startTimeOf(record.pid) === record.startTime) {
        this.kill(record.pid);
        ended.push(record);
      }
      fs.rmSync(file, { force: true });
    }
    return ended;
  }

  private file(taskId: string): string {
    return path.join(this.dir, `${taskId.replace(/[^\w-]/g, "_")}.json`);
  }
}

function readRecord(file: string): LeftoverRecord | null {
  try {
    const parsed = LeftoverRecord.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
