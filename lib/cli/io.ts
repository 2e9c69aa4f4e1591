import type { Env } from "./api-client";

/** Where a command writes; text goes out as is (callers add the newlines), so file contents pass unchanged. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The process's own streams. A reader that goes away (`makima supervisor output … | head`) ends the command quietly. */
function processIo(): Io {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(0);
  });
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
  };
}

/** What the commands depend on, replaceable in tests. */
export interface Deps {
  io: Io;
  env: Env;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** All of stdin, for a plan or a report given as "-". */
  readStdin: () => Promise<string>;
}

export const defaultDeps = (): Deps => ({
  io: processIo(),
  env: process.env,
  fetch: (...args) => fetch(...args),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  },
});

/** `--json` output: the API's answer, pretty-printed. */
export function printJson(io: Io, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/** A text argument, or all of stdin when it is "-" (a long plan or report, piped in). */
export async function textArgument(value: string, deps: Deps): Promise<string> {
  return value === "-" ? deps.readStdin() : value;
}
