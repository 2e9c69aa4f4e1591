import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

/** The daemon's own install, this project's folder: the shim runs its `makima` command (and its node_modules). */
export const DAEMON_INSTALL = path.resolve(import.meta.dirname, "../..");

/** This project's `makima` command: the shim runs it from wherever the daemon itself runs. */
const MAKIMA_SCRIPT = path.join(DAEMON_INSTALL, "bin/makima.mjs");

/** One word for sh: inside single quotes nothing is special but the quote itself. */
function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The shim: this project's bin/makima.mjs with the daemon's own Node, whatever claude's PATH holds. */
export function makimaShimScript(node = process.execPath, script = MAKIMA_SCRIPT): string {
  return `#!/bin/sh\n# Written by the makima daemon: the makima CLI for claude's commands.\nexec ${shellQuote(node)} ${shellQuote(script)} "$@"\n`;
}

/**
 * Writes `<dataDir>/bin/makima` and returns its folder, to put first on claude's PATH: in a git clone `makima` is
 * not installed anywhere. It is replaced by a rename, so a claude running it meanwhile never reads half a file.
 */
export async function installMakimaShim(dataDir: string): Promise<string> {
  const binDir = path.join(dataDir, "bin");
  await fs.mkdir(binDir, { recursive: true });
  const draft = path.join(binDir, `.makima-${randomUUID()}`);
  await fs.writeFile(draft, makimaShimScript(), { mode: 0o755 });
  await fs.rename(draft, path.join(binDir, "makima"));
  return binDir;
}
