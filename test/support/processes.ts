import fs from "node:fs";

/** Whether a process exists (a zombie still counts until it is reaped). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function pids(): number[] {
  return fs
    .readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number);
}

/** Processes whose working directory is `dir`. */
export function processesIn(dir: string): number[] {
  const real = fs.realpathSync(dir);
  return pids().filter((pid) => {
    try {
      return fs.readlinkSync(`/proc/${pid}/cwd`) === real;
    } catch {
      return false;
    }
  });
}

/** Processes whose working directory is `dir` or a folder under it. */
export function processesUnder(dir: string): number[] {
  const real = fs.realpathSync(dir);
  return pids().filter((pid) => {
    try {
      const cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
      return cwd === real || cwd.startsWith(`${real}/`);
    } catch {
      return false;
    }
  });
}

/** A process's arguments ([] once it is gone). */
export function commandLineOf(pid: number): string[] {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  } catch {
    return [];
  }
}

/** The direct children of `pid`, from /proc. */
export function childrenOf(pid: number): number[] {
  return pids().filter((child) => {
    try {
      return fs.readFileSync(`/proc/${child}/stat`, "utf8").split(") ")[1].split(" ")[1] === String(pid);
    } catch {
      return false;
    }
  });
}
