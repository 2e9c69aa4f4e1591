import os from "node:os";
import path from "node:path";

/** A path as a person types it, made absolute: a leading `~` is the home folder, the rest is relative to the cwd. */
export function absolutePath(entry: string): string {
  return path.resolve(entry.replace(/^~(?=$|\/)/, os.homedir()));
}
