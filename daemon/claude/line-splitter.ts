/**
 * Turns a byte stream (a child's stdout or stderr) into lines.
 *
 * Works on bytes, not decoded text: "\n" (0x0A) never occurs inside a multibyte UTF-8 sequence,
 * so splitting on it first and decoding each whole line afterwards is correct across chunk
 * boundaries, and it lets us count and cap a line's size in bytes.
 */

export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

/** Start of the marker appended to a cut line, so the UI (and tests) can recognise one. */
export const TRUNCATION_MARKER_PREFIX = " … [line truncated:";

export function truncationMarker(totalBytes: number, keptBytes: number): string {
  return `${TRUNCATION_MARKER_PREFIX} ${totalBytes} bytes in all, ${keptBytes} kept]`;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

export interface LineSplitterOptions {
  /** Bytes of one line kept at most; the rest is counted and dropped. */
  maxLineBytes?: number;
}

export class LineSplitter {
  private readonly maxLineBytes: number;
  /** Bytes kept so far of the unfinished line (copies, so they do not pin whole chunks in memory). */
  private pieces: Buffer[] = [];
  private keptBytes = 0;
  /** Every byte of the unfinished line seen so far, kept or dropped. */
  private totalBytes = 0;
  private lastByte = -1;

  constructor(
    private readonly onLine: (line: string) => void,
    options: LineSplitterOptions = {},
  ) {
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  }

  /** Bytes held for the unfinished line: never more than `maxLineBytes`. */
  get pendingBytes(): number {
    return this.keptBytes;
  }

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      if (newline === -1) {
        this.append(chunk.subarray(start), true);
        return;
      }
      const segment = chunk.subarray(start, newline);
      if (this.totalBytes === 0 && segment.length <= this.maxLineBytes) {
        // Fast path: a whole line inside this chunk needs no copy.
        this.onLine(decodeLine(stripCarriageReturn(segment)));
      } else {
        this.append(segment, false);
        this.emitPending();
      }
      start = newline + 1;
    }
  }

  /** Flushes a last line that had no terminating newline. */
  end(): void {
    if (this.totalBytes > 0) this.emitPending();
  }

  private append(bytes: Buffer, mustCopy: boolean): void {
    if (bytes.length === 0) return;
    this.totalBytes += bytes.length;
    this.lastByte = bytes[bytes.length - 1];
    const room = this.maxLineBytes - this.keptBytes;
    if (room <= 0) return;
    const kept = bytes.length <= room ? bytes : bytes.subarray(0, room);
    this.pieces.push(mustCopy ? Buffer.from(kept) : kept);
    this.keptBytes += kept.length;
  }

  private emitPending(): void {
    let kept = Buffer.concat(this.pieces, this.keptBytes);
    let lineBytes = this.totalBytes;
    if (this.lastByte === CARRIAGE_RETURN) {
      lineBytes -= 1;
      // The "\r" is among the kept bytes only when nothing was dropped.
      if (kept.length > lineBytes) kept = kept.subarray(0, lineBytes);
    }
    let line: string;
    if (lineBytes > kept.length) {
      const whole = kept.subarray(0, completeCharactersLength(kept));
      line = decodeLine(whole) + truncationMarker(lineBytes, whole.length);
    } else {
      line = decodeLine(kept);
    }
    this.pieces = [];
    this.keptBytes = 0;
    this.totalBytes = 0;
    this.lastByte = -1;
    this.onLine(line);
  }
}

function stripCarriageReturn(bytes: Buffer): Buffer {
  return bytes.length > 0 && bytes[bytes.length - 1] === CARRIAGE_RETURN ? bytes.subarray(0, bytes.length - 1) : bytes;
}

function decodeLine(bytes: Buffer): string {
  return bytes.toString("utf8");
}

/** Length of the longest prefix of `bytes` that does not end inside a UTF-8 character. */
export function completeCharactersLength(bytes: Buffer): number {
  // A character is at most 4 bytes, so its lead byte is within the last 4.
  for (let i = bytes.length - 1; i >= Math.max(0, bytes.length - 4); i--) {
    const byte = bytes[i];
    if ((byte & 0xc0) === 0x80) continue; // continuation byte
    const needed = byte < 0x80 ? 1 : byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return i + needed > bytes.length ? i : bytes.length;
  }
  return bytes.length; // not valid UTF-8 anyway: keep every byte
}
