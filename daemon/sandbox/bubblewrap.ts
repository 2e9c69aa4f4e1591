/**
 * The bubblewrap (bwrap) sandbox a task's claude runs in: the whole file system read-only, a fresh /tmp, the hidden
 * folders empty but for what claude runs (put back read-only), and read-write only the task's worktree, the parts of
 * the repository's .git a commit writes, and claude's own state.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BubblewrapConfig } from "../config";
import type { CommandWrapper } from "../claude/claude-process";
import { git } from "../git/git-runner";
import { bindsToPutBack, commandPaths, type Mount, type SandboxedCommand } from "./sandbox-binds";

export interface SandboxInput {
  worktreePath: string;
  /** The worktree's own admin folder, `<gitCommonDir>/worktrees/<name>` (its HEAD, index and HEAD reflog). */
  gitDir: string;
  /** The main repository's .git (absolute). */
  gitCommonDir: string;
  home: string;
  readOnlyBinds: string[];
  readWriteBinds: string[];
  /**
   * Folders replaced by an empty tmpfs: the server's data folder (its database) under `makima start`. What is bound
   * inside one is put back over it: the local daemon's worktrees, repositories and `makima` shim live there.
   */
  hiddenPaths: string[];
  /** What the run executes (see commandPaths): bound read-only where the tmpfs on /tmp or a hidden folder hides it. */
  programPaths: string[];
  /** Told about extra binds skipped because they do not exist, and hidden paths that are not folders. */
  warn?: (message: string) => void;
}

function ensureDirectory(dir: string): boolean {
  try {
    fs.mkdirSync(dir, { recursive: true });
    return true;
  } catch {
    return false;
  }
}

/** The folder the main checkout's files are in (the repository itself when it is bare). */
function mainRepositoryOf(gitCommonDir: string): string {
  return path.basename(gitCommonDir) === ".git" ? path.dirname(gitCommonDir) : gitCommonDir;
}

const depth = (target: string) => target.split("/").filter(Boolean).length;

/** The mount when its path exists, else nothing. */
const ifExists = (option: string, target: string): Mount[] => (fs.existsSync(target) ? [[option, target]] : []);

/**
 * bwrap's arguments up to and including the `--` that precedes the command. Creates `<gitCommonDir>/logs` and
 * `~/.claude` when missing, so that they can be bound read-write.
 */
export function bubblewrapArgs(input: SandboxInput): string[] {
  const { worktreePath, gitDir, gitCommonDir, home } = input;
  const warn = input.warn ?? ((message: string) => console.warn(`[sandbox] ${message}`));
  const extra = (option: string, paths: string[]): Mount[] =>
    paths.flatMap((target) => {
      const mount = ifExists(option, target);
      if (!mount.length)
        warn(`${option === "--bind" ? "read-write" : "read-only"} bind ${target} does not exist: skipped`);
      return mount;
    });
  // A missing folder holds nothing to hide; a file cannot take a tmpfs, so it is told rather than silently left.
  const hidden = input.hiddenPaths.flatMap((target): Mount[] => {
    if (!fs.existsSync(target)) return [];
    if (fs.statSync(target).isDirectory()) return [["--tmpfs", target]];
    warn(`hidden path ${target} is not a folder: not hidden`);
    return [];
  });
  ensureDirectory(path.join(gitCommonDir, "logs"));
  const claudeDir = path.join(home, ".claude");

  const mounts: Mount[] = [
    ["--ro-bind", "/"],
    ["--dev", "/dev"],
    ["--proc", "/proc"],
    ["--tmpfs", "/tmp"],
    // Read-only again in case they live under /tmp, where the tmpfs would hide them (or leave a writable void).
    ["--ro-bind", mainRepositoryOf(gitCommonDir)],
    ...ifExists("--ro-bind", home),
    ...extra("--ro-bind", input.readOnlyBinds),
    // After the read-only binds, before the rest: at the same depth the hiding wins over the former, not the latter.
    ...hidden,
    ["--bind", worktreePath],
    // What `git add` + `git commit` on the task's branch write: the worktree's index and HEAD, new objects,
    // the branch ref (refs/heads/…, locked with a .lock file beside it) and its reflog. The rest of .git
    // (config, packed-refs, HEAD and index of the main checkout) stays read-only.
    ["--bind", gitDir],
    ["--bind", path.join(gitCommonDir, "objects")],
    ["--bind", path.join(gitCommonDir, "refs")],
    ["--bind", path.join(gitCommonDir, "logs")],
    // What leads git from the worktree to the repository stays read-only: rewritten, it could aim the git commands
    // the daemon itself runs in the worktree (outside the sandbox) at a config, and so hooks, of claude's choosing.
    ...ifExists("--ro-bind", path.join(worktreePath, ".git")),
    ...["commondir", "gitdir", "config.worktree"].flatMap((name) => ifExists("--ro-bind", path.join(gitDir, name))),
    // Claude keeps its sessions, settings and state here.
    ...(ensureDirectory(claudeDir) ? ifExists("--bind", claudeDir) : []),
    ...ifExists("--bind", path.join(home, ".claude.json")),
    ...extra("--bind", input.readWriteBinds),
  ];
  // Parents before children (the sort is stable), so the more specific mount wins: the read-write worktree inside a
  // read-only home or a hidden folder, the read-only .git file inside the worktree.
  const parentsFirst = (list: Mount[]) => [...list].sort((a, b) => depth(a[1]) - depth(b[1]));
  // Each one lies inside the tmpfs that hides it, so it comes after that tmpfs, and before what is bound inside it.
  const programs = bindsToPutBack(input.programPaths, parentsFirst(mounts)).map(
    (target): Mount => ["--ro-bind", target],
  );
  const ordered = parentsFirst([...mounts, ...programs]);
  return [
    ...ordered.flatMap(([option, target]) => (option.endsWith("bind") ? [option, target, target] : [option, target])),
    // Its own pid namespace: when bwrap's init goes, so does everything claude left running.
    "--unshare-pid",
    "--share-net",
    "--die-with-parent",
    "--chdir",
    worktreePath,
    "--",
  ];
}

/** The worktree's admin folder and the repository's common .git, both absolute. */
export async function gitDirsOf(worktreePath: string): Promise<{ gitDir: string; gitCommonDir: string }> {
  const [gitDir, commonDir] = (await git(worktreePath, ["rev-parse", "--absolute-git-dir", "--git-common-dir"])).stdout
    .trim()
    .split("\n");
  return { gitDir: gitDir!, gitCommonDir: path.resolve(worktreePath, commonDir!) };
}

/** What runs a task's claude, `command`, inside the sandbox: `bwrap <args> -- <claude command>`. */
export async function sandboxWrapper(
  worktreePath: string,
  settings: BubblewrapConfig,
  command: SandboxedCommand,
  options: { home?: string; warn?: (message: string) => void } = {},
): Promise<CommandWrapper> {
  const args = bubblewrapArgs({
    worktreePath,
    ...(await gitDirsOf(worktreePath)),
    home: options.home ?? os.homedir(),
    readOnlyBinds: settings.readOnlyBinds,
    readWriteBinds: settings.readWriteBinds,
    hiddenPaths: settings.hiddenPaths,
    programPaths: commandPaths(command),
    warn: options.warn,
  });
  return { file: settings.bwrapPath ?? "bwrap", args };
}
