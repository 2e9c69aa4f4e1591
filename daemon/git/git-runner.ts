import { spawn } from "node:child_process";

/**
 * The daemon's one way to run git. A command runs in `cwd` with the daemon's environment (git is not given
 * childEnvironment()'s stripping: that is for claude) plus the call's `env`, with no stdin and no shell.
 *
 * child_process rather than simple-git, which answers strings only, resolves some failures that print nothing,
 * hides the exit codes merge-tree and merge answer with, and refuses an environment that carries EDITOR, PAGER and
 * the like (a temporary GIT_INDEX_FILE has to ride along with the daemon's own).
 */

export interface GitOptions {
  /** Set on top of the daemon's environment for this call, e.g. GIT_INDEX_FILE or GIT_OPTIONAL_LOCKS. */
  env?: Record<string, string>;
  /** `name=value` settings given as `-c name=value` before the command. */
  config?: readonly string[];
  /** Exit codes that count as success (default [0]); "any" resolves with whatever code git exited with. */
  okCodes?: readonly number[] | "any";
  /** Stops reading (and ends git) once more than this many bytes of output came; the run then counts as done. */
  maxBytes?: number;
  /** Streams the output here instead of collecting it (the result's stdout is then empty). */
  onStdout?: (chunk: Buffer) => void;
}

export interface GitRun<Output> {
  stdout: Output;
  stderr: string;
  /** The exit code; null when git was ended for going past maxBytes. */
  code: number | null;
  /** Git was ended for going past maxBytes: stdout holds the first bytes. */
  cut: boolean;
}

/** Git could not run, or exited with a code the caller did not accept; the message carries git's error output. */
export class GitError extends Error {
  constructor(
    readonly cwd: string,
    readonly args: readonly string[],
    /** The exit code; null when git did not start or was killed by a signal. */
    readonly code: number | null,
    readonly stderr: string,
    why: string,
  ) {
    super(`git ${subcommandOf(args)} failed in ${cwd} (${why})${stderr ? `: ${stderr}` : ""}`);
    this.name = "GitError";
  }
}

/** Runs git; its output as bytes. Rejects with GitError unless the exit code is accepted. */
export function gitBytes(cwd: string, args: readonly string[], options: GitOptions = {}): Promise<GitRun<Buffer>> {
  const argv = [...(options.config ?? []).flatMap((setting) => ["-c", setting]), ...args];
  return new Promise((resolve, reject) => {
    const env = options.env ? { ...process.env, ...options.env } : process.env;
    const child = spawn("git", argv, { cwd, env, stdio: ["ignore", "pipe", "pipe"], windowsHide: true });
    const chunks: Buffer[] = [];
    const errors: Buffer[] = [];
    let length = 0;
    let cut = false;
    child.stdout.on("data", (chunk: Buffer) => {
      if (cut) return;
      if (options.onStdout) options.onStdout(chunk);
      else chunks.push(chunk);
      length += chunk.length;
      if (options.maxBytes !== undefined && length > options.maxBytes) {
        cut = true;
        child.kill();
      }
    });
    child.stderr.on("data", (chunk: Buffer) => errors.push(chunk));
    child.on("error", (error) => reject(new GitError(cwd, argv, null, "", `could not start: ${error.message}`)));
    child.on("close", (code, signal) => {
      const stderr = Buffer.concat(errors).toString().trim();
      const stdout = Buffer.concat(chunks);
      if (cut) return resolve({ stdout, stderr, code: null, cut });
      const ok = options.okCodes ?? [0];
      if (code !== null && (ok === "any" || ok.includes(code))) return resolve({ stdout, stderr, code, cut });
      reject(new GitError(cwd, argv, code, stderr, code === null ? `killed by ${signal}` : `exit code ${code}`));
    });
  });
}

/** Runs git; its output as text. Rejects with GitError unless the exit code is accepted. */
export async function git(cwd: string, args: readonly string[], options: GitOptions = {}): Promise<GitRun<string>> {
  const run = await gitBytes(cwd, args, options);
  return { ...run, stdout: run.stdout.toString() };
}

/** The commit `ref` names, or null when there is none; other failures (not a repository, …) reject. */
export async function commitOf(
  cwd: string,
  ref: string,
  options: Omit<GitOptions, "okCodes"> = {},
): Promise<string | null> {
  // --quiet makes a missing ref (a repository without commits too) exit 1 silently.
  return (
    (
      await git(cwd, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { ...options, okCodes: [0, 1] })
    ).stdout.trim() || null
  );
}

/** The branch checked out in `cwd`, or null for a detached HEAD; other failures reject. */
export async function currentBranch(cwd: string, options: Omit<GitOptions, "okCodes"> = {}): Promise<string | null> {
  return (
    (await git(cwd, ["symbolic-ref", "--quiet", "--short", "HEAD"], { ...options, okCodes: [0, 1] })).stdout.trim() ||
    null
  );
}

/** Whether the local branch `branch` exists. */
export async function hasBranch(cwd: string, branch: string): Promise<boolean> {
  return (await git(cwd, ["show-ref", "--verify", "--quiet", `refs/heads/${branch}`], { okCodes: [0, 1] })).code === 0;
}

/** An error's message on one line, git's last three lines of it, for a message that names what failed. */
export function gitMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).trim().split("\n").slice(-3).join(" ");
}

/** The git command a run was for ("rev-parse"), past its `-c` settings and global options. */
function subcommandOf(args: readonly string[]): string {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "-c" || args[i] === "-C") i++;
    else if (!args[i].startsWith("-")) return args[i];
  }
  return args.join(" ");
}
