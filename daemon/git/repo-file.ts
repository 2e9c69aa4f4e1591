import fs from "node:fs";
import path from "node:path";
import type { RepoFile } from "../../lib/shared/protocol/worktree";
import { isInsideFolder } from "./worktree-inventory";

/** A file request that is refused or cannot be served; the message says why. */
export class RepoFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RepoFileError";
  }
}

/** Git's own heuristic: a NUL byte in the first 8000 bytes makes a file binary. */
const BINARY_SNIFF_BYTES = 8000;

/**
 * Reads a file of a task's worktree for display. The path must stay inside the worktree, symlinks included, and
 * may not reach into .git. Binary files come back without content; text over `maxBytes` is cut.
 */
export async function readWorktreeFile(
  worktreePath: string,
  relativePath: string,
  maxBytes = 1024 * 1024,
): Promise<RepoFile> {
  checkRelativePath(relativePath);
  const root = await fs.promises.realpath(worktreePath).catch(() => {
    throw new RepoFileError("The task's worktree is gone");
  });
  const requested = path.join(root, relativePath);
  const shown = path.relative(root, requested).split(path.sep).join("/");

  // Resolving every symlink, the parents' included, before checking the result is what keeps a link from escaping.
  const real = await fs.promises.realpath(requested).catch((error: NodeJS.ErrnoException) => {
    throw new RepoFileError(
      error.code === "ENOENT" || error.code === "ENOTDIR"
        ? `File not found: ${shown}`
        : `Cannot read ${shown}: ${error.code ?? error.message}`,
    );
  });
  if (!isInsideFolder(root, real)) throw new RepoFileError(`Refused: ${shown} leads outside the worktree`);
  if (hasGitSegment(path.relative(root, real))) throw new RepoFileError(`Refused: ${shown} leads into .git`);

  // O_NOFOLLOW and the inode comparison catch the file being swapped for a link or another file after the check;
  // O_NONBLOCK keeps a FIFO from hanging the open.
  const flags = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0);
  const checked = await fs.promises.stat(real);
  if (checked.isDirectory()) throw new RepoFileError(`Refused: ${shown} is a folder`);
  if (!checked.isFile()) throw new RepoFileError(`Refused: ${shown} is not a regular file`);
  const handle = await fs.promises.open(real, flags).catch((error: NodeJS.ErrnoException) => {
    throw new RepoFileError(`Cannot read ${shown}: ${error.code ?? error.message}`);
  });
  try {
    const stat = await handle.stat();
    if (!stat.isFile() || stat.ino !== checked.ino || stat.dev !== checked.dev) {
      throw new RepoFileError(`Refused: ${shown} changed while it was being read`);
    }
    // One byte past the limit tells whether there is more; the size bound keeps a large limit from allocating for a small file.
    const head = await readUpTo(handle, Math.min(Math.max(maxBytes + 1, BINARY_SNIFF_BYTES), stat.size + 1));
    if (head.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
      return { path: shown, sizeBytes: stat.size, binary: true, content: "", truncated: false };
    }
    const truncated = head.length > maxBytes;
    const text = truncated ? head.subarray(0, utf8Boundary(head, maxBytes)) : head;
    return { path: shown, sizeBytes: stat.size, binary: false, content: text.toString("utf8"), truncated };
  } finally {
    await handle.close();
  }
}

function checkRelativePath(relativePath: string): void {
  if (!relativePath) throw new RepoFileError("Refused: the path is empty");
  if (relativePath.includes("\0")) throw new RepoFileError("Refused: the path contains a NUL byte");
  if (path.posix.isAbsolute(relativePath) || path.win32.isAbsolute(relativePath) || /^[a-z]:/i.test(relativePath)) {
    throw new RepoFileError(`Refused: ${relativePath} is an absolute path`);
  }
  // Backslashes count as separators too, so a Windows-style `..\x` is refused everywhere.
  const segments = relativePath.split(/[\\/]/);
  if (segments.includes("..")) throw new RepoFileError(`Refused: ${relativePath} contains a ".." segment`);
  if (hasGitSegment(relativePath)) throw new RepoFileError(`Refused: ${relativePath} leads into .git`);
}

/** Case-insensitive, as .GIT is the same folder on macOS and Windows. */
function hasGitSegment(relativePath: string): boolean {
  return relativePath.split(/[\\/]/).some((segment) => segment.toLowerCase() === ".git");
}

async function readUpTo(handle: fs.promises.FileHandle, limit: number): Promise<Buffer> {
  const buffer = Buffer.alloc(limit);
  let length = 0;
  while (length < limit) {
    const { bytesRead } = await handle.read(buffer, length, limit - length, length);
    if (bytesRead === 0) break;
    length += bytesRead;
  }
  return buffer.subarray(0, length);
}

/** The largest length ≤ max that does not split a UTF-8 character. */
function utf8Boundary(bytes: Buffer, max: number): number {
  let start = max - 1;
  // Walk back over continuation bytes (10xxxxxx) to the lead byte of the last character.
  while (start > 0 && max - start < 4 && (bytes[start] & 0xc0) === 0x80) start--;
  const lead = bytes[start];
  const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return start + length <= max ? max : start;
}
