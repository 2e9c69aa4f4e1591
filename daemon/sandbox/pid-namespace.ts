import { spawnSync } from "node:child_process";
import type { CommandWrapper } from "../claude/claude-process";
import { findExecutable } from "./find-executable";

/**
 * A pid namespace for claude when it runs without the sandbox: `bwrap --dev-bind / /` changes nothing claude sees
 * but gives it and everything it starts a namespace of their own, which the kernel empties when its first process
 * ends; `--die-with-parent` ends that one when the daemon does, however it ends (SIGKILL and the OOM killer too). A
 * parent-death signal alone reaches only the direct child, and a process that calls setsid escapes a group kill.
 */
export function pidNamespaceArgs(): string[] {
  return ["--dev-bind", "/", "/", "--proc", "/proc", "--unshare-pid", "--die-with-parent", "--"];
}

/**
 * The wrapper where bwrap is on PATH and works here (inside some containers seccomp forbids its namespaces), else
 * null: claude then runs as a plain process group, and the daemon says so once.
 */
export function findPidNamespaceWrapper(pathEnv: string | undefined): CommandWrapper | null {
  const bwrap = findExecutable("bwrap", pathEnv);
  if (!bwrap) return null;
  const probe = spawnSync(bwrap, [...pidNamespaceArgs(), "true"], { timeout: 5000, stdio: "ignore" });
  return probe.status === 0 ? { file: bwrap, args: pidNamespaceArgs() } : null;
}
