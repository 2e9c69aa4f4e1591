/**
 * One running `claude` (or anything that stands in for it): spawned in its own process group,
 * its stdout and stderr delivered line by line, its stdin open for stream-json messages.
 */
import { execa, parseCommandString } from "execa";
import { processGroupMembers, signalProcess } from "./process-group";
import { LineSplitter } from "./line-splitter";

export type ProcessStream = "stdout" | "stderr";

export interface ClaudeExit {
  exitCode: number | null;
  signal: string | null;
  /** Set when the process never started (command not found, not executable …). */
  spawnError?: string;
}

export interface ClaudeProcessOptions {
  /** The command line to run, e.g. "claude" or "node /path/fake-claude.mjs"; `args` follow it. */
  command: string;
  args: string[];
  cwd: string;
  /** The child's whole environment (see childEnvironment()): nothing is inherited on top of it. */
  env: Readonly<Record<string, string | undefined>>;
  onLine: (stream: ProcessStream, line: string) => void;
  maxLineBytes?: number;
  /** Runs the command through another program (the bubblewrap sandbox): `<file> <args> <command> <command args>`. */
  wrapper?: CommandWrapper;
}

export interface CommandWrapper {
  file: string;
  args: string[];
}

export const DEFAULT_STOP_GRACE_MS = 5000;

type Subprocess = ReturnType<typeof spawn>;

function spawn(file: string, args: string[], options: ClaudeProcessOptions) {
  return execa(file, args, {
    cwd: options.cwd,
    env: options.env,
    // Otherwise execa merges process.env back in, undoing childEnvironment()'s stripping.
    extendEnv: false,
    // Its own process group, so stop() reaches the tools claude spawned too.
    detached: true,
    stdin: "pipe",
    // We read the raw streams ourselves: execa must neither keep the output nor split it.
    buffer: false,
    reject: false,
  });
}

export class ClaudeProcess {
  /** Resolves once the process has exited and every line of its output has been delivered. */
  readonly exited: Promise<ClaudeExit>;
  private finished = false;

  private constructor(
    private readonly subprocess: Subprocess | undefined,
    exited: Promise<ClaudeExit>,
    private readonly wrapped = false,
  ) {
    this.exited = exited.then((exit) => {
      this.finished = true;
      return exit;
    });
  }

  /** Never throws: a process that cannot start resolves `exited` with a `spawnError`. */
  static start(options: ClaudeProcessOptions): ClaudeProcess {
    const spawnFailed = (reason: string) =>
      new ClaudeProcess(
        undefined,
        Promise.resolve({
          exitCode: null,
          signal: null,
          spawnError: `Failed to start claude command "${options.command}": ${reason}`,
        }),
      );

    const [file, ...commandArgs] = parseCommandString(options.command);
    if (!file) return spawnFailed("the command is empty");

    const { wrapper } = options;
    let subprocess: Subprocess;
    try {
      subprocess = wrapper
        ? spawn(wrapper.file, [...wrapper.args, file, ...commandArgs, ...options.args], options)
        : spawn(file, [...commandArgs, ...options.args], options);
    } catch (error) {
      return spawnFailed(error instanceof Error ? error.message : String(error));
    }

    const { maxLineBytes } = options;
    const splitters = {
      stdout: new LineSplitter((line) => options.onLine("stdout", line), { maxLineBytes }),
      stderr: new LineSplitter((line) => options.onLine("stderr", line), { maxLineBytes }),
    };
    subprocess.stdout.on("data", (chunk: Buffer) => splitters.stdout.push(chunk));
    subprocess.stderr.on("data", (chunk: Buffer) => splitters.stderr.push(chunk));
    // EPIPE when claude exits before reading what we wrote; execa ignores it too.
    subprocess.stdin.on("error", () => {});

    // execa settles only after stdout and stderr have ended, so every chunk has been pushed.
    const exited = subprocess.then(
      (result): ClaudeExit => {
        splitters.stdout.end();
        splitters.stderr.end();
        if (subprocess.pid === undefined) {
          return {
            exitCode: null,
            signal: null,
            spawnError: `Failed to start claude command "${options.command}": ${result.originalMessage ?? result.message}`,
          };
        }
        return { exitCode: result.exitCode ?? null, signal: result.signal ?? null };
      },
      // With reject: false execa reports failures as results; this only keeps `exited` from ever rejecting.
      (error: unknown): ClaudeExit => ({
        exitCode: null,
        signal: null,
        spawnError: `Claude command "${options.command}" failed: ${error instanceof Error ? error.message : String(error)}`,
      }),
    );
    return new ClaudeProcess(subprocess, exited, wrapper !== undefined);
  }

  get pid(): number | undefined {
    return this.subprocess?.pid;
  }

  /** Writes one line (a newline is added); false once stdin is closed. */
  writeLine(line: string): boolean {
    const stdin = this.subprocess?.stdin;
    // A failed spawn leaves stdin writable until its error event: no pid means it never started.
    if (this.pid === undefined || !stdin?.writable) return false;
    stdin.write(`${line}\n`);
    return true;
  }

  /** EOF on stdin: in stream-json mode claude finishes its turn and exits. */
  closeStdin(): void {
    const stdin = this.subprocess?.stdin;
    if (stdin?.writable) stdin.end();
  }

  /**
   * SIGTERM to the process group (a wrapper spared: see terminate()), SIGKILL to whatever is left of it after `graceMs`
   * (or as soon as claude itself is gone, for children that ignored SIGTERM).
   */
  async stop({ graceMs = DEFAULT_STOP_GRACE_MS }: { graceMs?: number } = {}): Promise<ClaudeExit> {
    // Once exited, the group id may belong to someone else: leave it alone.
    if (this.finished) return this.exited;
    this.terminate();
    let graceTimer: ReturnType<typeof setTimeout> | undefined;
    const graceOver = new Promise<void>((resolve) => {
      graceTimer = setTimeout(resolve, graceMs);
    });
    await Promise.race([this.exited, graceOver]);
    clearTimeout(graceTimer);
    this.signalGroup("SIGKILL");
    return this.exited;
  }

  /**
   * SIGTERM to the group. A wrapper (bwrap --die-with-parent) would SIGKILL what it runs as soon as it died itself,
   * so it is spared: the command gets its grace, and the wrapper exits once the command has.
   */
  private terminate(): void {
    if (this.wrapped && this.pid !== undefined) {
      const inside = processGroupMembers(this.pid).filter((pid) => pid !== this.pid);
      // Nothing inside yet (the wrapper is still setting up): end the wrapper itself.
      if (inside.length > 0) {
        for (const pid of inside) signalProcess(pid, "SIGTERM");
        return;
      }
    }
    this.signalGroup("SIGTERM");
  }

  private signalGroup(signalName: NodeJS.Signals): void {
    if (this.pid !== undefined) signalProcess(-this.pid, signalName);
  }
}
