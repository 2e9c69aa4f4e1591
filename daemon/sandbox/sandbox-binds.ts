/**
 * What a sandboxed claude run executes, put back read-only where the sandbox's tmpfs (its fresh /tmp, a hidden folder)
 * would hide it: a claude command, a node, a `makima` shim or a daemon install under /tmp is otherwise "not found"
 * inside the sandbox, so every sandboxed run fails there.
 */
import fs from "node:fs";
import path from "node:path";
import { parseCommandString } from "execa";
import { DAEMON_INSTALL } from "../claude/makima-shim";
import { findExecutable } from "./find-executable";

/** One bwrap mount: its option (`--ro-bind`, `--tmpfs` …) and the path it is at, the same inside as outside. */
export type Mount = [option: string, target: string];

export interface SandboxedCommand {
  /** The claude command line, e.g. "claude" or "node /path/fake-claude.mjs". */
  command: string;
  /** The PATH claude runs with: where its executable and a `#!/usr/bin/env` interpreter are found. */
  pathEnv: string | undefined;
  /** The `makima` shim's folder. */
  makimaBin?: string;
}

/** `target` is `dir` itself or a path inside it. */
const isWithin = (target: string, dir: string) =>
  target === dir || target.startsWith(dir.endsWith("/") ? dir : `${dir}/`);
/** `target` is a path inside `dir`, not `dir` itself. */
const isInside = (target: string, dir: string) => target !== dir && isWithin(target, dir);

/** A command word as the sandbox runs it: an absolute path as is, a bare name found on PATH; relative ones are in the worktree. */
function resolveProgram(word: string, pathEnv: string | undefined): string | null {
  if (path.isAbsolute(word)) return word;
  return word.includes("/") ? null : findExecutable(word, pathEnv);
}

/** The interpreter a `#!` script names, and under `#!/usr/bin/env` the program it runs, found on PATH. */
function interpreterOf(file: string, pathEnv: string | undefined): string[] {
  let head: string;
  try {
    const fd = fs.openSync(file, "r");
    const buffer = Buffer.alloc(256);
    const read = fs.readSync(fd, buffer, 0, buffer.length, 0);
    fs.closeSync(fd);
    head = buffer.subarray(0, read).toString("utf8");
  } catch {
    return [];
  }
  if (!head.startsWith("#!")) return [];
  const [interpreter, ...words] = head.slice(2).split("\n")[0]!.trim().split(/\s+/);
  if (!interpreter) return [];
  const program = path.basename(interpreter) === "env" ? words.find((word) => !/^-|=/.test(word)) : undefined;
  const run = program ? resolveProgram(program, pathEnv) : null;
  return run ? [interpreter, run] : [interpreter];
}

/** The path and, when a symlink leads elsewhere, where it leads; nothing for a path that does not exist. */
function withRealPath(target: string): string[] {
  try {
    return [path.resolve(target), fs.realpathSync(target)];
  } catch {
    return [];
  }
}

/**
 * Every path the run needs to see: the command's executable (the first word, found on PATH), the interpreter of a `#!`
 * script, the command's absolute path arguments (the script of `node /path/script.mjs`), and what the `makima` shim
 * runs: its folder, the daemon's own node and install. Each with its real path, as a symlink's target must be there;
 * once each, and only those that exist.
 */
export function commandPaths(run: SandboxedCommand): string[] {
  const [file, ...args] = parseCommandString(run.command);
  const executable = file ? resolveProgram(file, run.pathEnv) : null;
  const programs = executable ? [executable, ...interpreterOf(executable, run.pathEnv)] : [];
  const shim = [...(run.makimaBin ? [run.makimaBin] : []), process.execPath, DAEMON_INSTALL];
  return [...new Set([...programs, ...args.filter((arg) => path.isAbsolute(arg)), ...shim].flatMap(withRealPath))];
}

/**
 * Of `paths`, those `mounts` (in bwrap's order, in which the last mount over a path decides what is there) leave
 * hidden under a tmpfs, once each: one inside another of them is left out, unless a mount between the two hides it
 * again. A tmpfs's own folder (/tmp itself, a hidden folder) is never put back: its emptiness is the point.
 */
export function bindsToPutBack(paths: string[], mounts: readonly Mount[]): string[] {
  const tmpfsOver = (target: string) => {
    const [option, at] = mounts.findLast(([, mounted]) => isWithin(target, mounted)) ?? [];
    return option === "--tmpfs" && at !== target ? at : undefined;
  };
  const hidden = [...new Set(paths)].flatMap((target) => {
    const tmpfs = tmpfsOver(target);
    return tmpfs ? [{ target, tmpfs }] : [];
  });
  // Put back after that tmpfs (bwrap's mounts go parents first), a folder inside it brings back all it holds.
  return hidden
    .filter(
      ({ target, tmpfs }) => !hidden.some(({ target: other }) => isInside(target, other) && isInside(other, tmpfs)),
    )
    .map(({ target }) => target);
}
