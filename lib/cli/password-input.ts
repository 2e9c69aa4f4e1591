import { createInterface } from "node:readline";
import { Writable } from "node:stream";

/**
 * A password from the person at the terminal (asked twice, nothing echoed) or, when stdin is not a terminal, the
 * first line of stdin (`printf '%s\n' "$PASSWORD" | makima user add …`). Never from argv, which other users can
 * read in `ps`.
 */
export async function readPassword(
  stdin: NodeJS.ReadStream = process.stdin,
  stderr: NodeJS.WriteStream = process.stderr,
): Promise<string> {
  if (!stdin.isTTY) return firstLine(stdin);
  const first = await promptHidden(stdin, stderr, "Password: ");
  const again = await promptHidden(stdin, stderr, "Password again: ");
  if (first !== again) throw new Error("the two passwords differ");
  return first;
}

async function firstLine(stdin: NodeJS.ReadableStream): Promise<string> {
  const lines = createInterface({ input: stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  throw new Error("no password on stdin: pipe one line, or run this at a terminal to be asked");
}

function promptHidden(stdin: NodeJS.ReadStream, stderr: NodeJS.WriteStream, question: string): Promise<string> {
  stderr.write(question);
  // Typed characters go nowhere; only the question is shown.
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  const prompt = createInterface({ input: stdin, output: muted, terminal: true });
  return new Promise((resolve) => {
    prompt.question("", (answer) => {
      prompt.close();
      stderr.write("\n");
      resolve(answer);
    });
  });
}
