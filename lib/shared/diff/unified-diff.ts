/**
 * A parser for `git diff` output (unified diffs with git's extended headers), for showing a task's changes.
 * It is lenient: lines it does not understand are skipped, and a patch cut at a size limit, even in the middle
 * of a hunk or a line, gives what is there.
 */

export type DiffLineKind = "add" | "del" | "context" | "note";

export interface DiffLine {
  kind: DiffLineKind;
  /** The line without its leading `+`, `-` or space; for a note, the note (`\ No newline at end of file`) without the `\ `. */
  text: string;
  /** Line number in the old file; null for additions and notes. */
  oldNumber: number | null;
  /** Line number in the new file; null for deletions and notes. */
  newNumber: number | null;
}

export interface DiffHunk {
  /** The whole `@@ -a,b +c,d @@ section` line. */
  header: string;
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** The text after the second `@@` (the enclosing function, say); empty when there is none. */
  section: string;
  lines: DiffLine[];
}

export interface DiffFilePatch {
  /** The path before the change; null for a new file. */
  oldPath: string | null;
  /** The path after the change; null for a deleted file. */
  newPath: string | null;
  binary: boolean;
  hunks: DiffHunk[];
  /** The patch ends inside this file's last hunk: lines are missing. */
  truncated: boolean;
}

/** The path a file is known by: its new path, or its old one when deleted. */
export function patchPath(file: DiffFilePatch): string {
  return file.newPath ?? file.oldPath ?? "";
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$/;

interface Prefixes {
  old: string;
  new: string;
}

/** State while reading one file: the hunk being filled and how many of its lines are still to come. */
interface Cursor {
  file: DiffFilePatch;
  prefixes: Prefixes;
  hunk: DiffHunk | null;
  oldLeft: number;
  newLeft: number;
  oldNumber: number;
  newNumber: number;
}

/** Splits `git diff` output into files and hunks. An empty patch gives `[]`. */
export function parseUnifiedDiff(patch: string): DiffFilePatch[] {
  const files: DiffFilePatch[] = [];
  const lines = patch.split("\n");
  // The final newline leaves an empty string behind that is not a line of the diff.
  if (lines.at(-1) === "") lines.pop();
  let cursor: Cursor | null = null;

  for (const line of lines) {
    if (cursor?.hunk && (cursor.oldLeft > 0 || cursor.newLeft > 0) && addHunkLine(cursor, line)) continue;
    if (cursor?.hunk && line.startsWith("\\")) {
      // `\ No newline at end of file` comes after the hunk's last counted line.
      cursor.hunk.lines.push({ kind: "note", text: line.slice(2), oldNumber: null, newNumber: null });
      continue;
    }
    if (cursor) cursor.hunk = null;

    if (line.startsWith("diff --git ")) {
      const [oldRaw, newRaw] = splitGitHeader(line.slice("diff --git ".length));
      const prefixes = detectPrefixes(oldRaw, newRaw);
      const file: DiffFilePatch = {
        oldPath: stripPrefix(oldRaw, prefixes.old),
        newPath: stripPrefix(newRaw, prefixes.new),
        binary: false,
        hunks: [],
        truncated: false,
      };
      files.push(file);
      cursor = { file, prefixes, hunk: null, oldLeft: 0, newLeft: 0, oldNumber: 0, newNumber: 0 };
      continue;
    }
    if (!cursor) continue; // Text before the first file (a commit message, say).
    readFileLine(cursor, line);
  }
  return files;
}

/** Adds a line to the current hunk; false when the line cannot belong to it (the patch is malformed or cut). */
function addHunkLine(cursor: Cursor, line: string): boolean {
  const hunk = cursor.hunk!;
  const marker = line[0];
  if (marker === "\\") {
    hunk.lines.push({ kind: "note", text: line.slice(2), oldNumber: null, newNumber: null });
  } else if (marker === "+") {
    hunk.lines.push({ kind: "add", text: line.slice(1), oldNumber: null, newNumber: cursor.newNumber++ });
    cursor.newLeft--;
  } else if (marker === "-") {
    hunk.lines.push({ kind: "del", text: line.slice(1), oldNumber: cursor.oldNumber++, newNumber: null });
    cursor.oldLeft--;
  } else if (marker === " " || line === "") {
    // An empty line is a context line whose trailing space was stripped (by an editor or a mail client).
    hunk.lines.push({
      kind: "context",
      text: line.slice(1),
      oldNumber: cursor.oldNumber++,
      newNumber: cursor.newNumber++,
    });
    cursor.oldLeft--;
    cursor.newLeft--;
  } else {
    return false;
  }
  // While lines are still owed, the file is incomplete; the flag clears once the hunk is whole.
  cursor.file.truncated = cursor.oldLeft > 0 || cursor.newLeft > 0;
  return true;
}

/** A line of a file's extended header, or a hunk header. */
function readFileLine(cursor: Cursor, line: string): void {
  const { file } = cursor;
  const hunk = HUNK_HEADER.exec(line);
  if (hunk) {
    const [, oldStart, oldLines, newStart, newLines, section] = hunk;
    cursor.hunk = {
      header: line,
      oldStart: Number(oldStart),
      oldLines: oldLines === undefined ? 1 : Number(oldLines),
      newStart: Number(newStart),
      newLines: newLines === undefined ? 1 : Number(newLines),
      section: section.trim(),
      lines: [],
    };
    file.hunks.push(cursor.hunk);
    cursor.oldLeft = cursor.hunk.oldLines;
    cursor.newLeft = cursor.hunk.newLines;
    cursor.oldNumber = cursor.hunk.oldStart;
    cursor.newNumber = cursor.hunk.newStart;
    file.truncated = cursor.oldLeft > 0 || cursor.newLeft > 0;
    return;
  }
  if (line.startsWith("new file mode ")) file.oldPath = null;
  else if (line.startsWith("deleted file mode ")) file.newPath = null;
  else if (line.startsWith("rename from ") || line.startsWith("copy from ")) file.oldPath = unquote(afterWord(line, 2));
  else if (line.startsWith("rename to ") || line.startsWith("copy to ")) file.newPath = unquote(afterWord(line, 2));
  else if (line.startsWith("--- ")) file.oldPath = markerPath(line.slice(4), cursor.prefixes.old);
  else if (line.startsWith("+++ ")) file.newPath = markerPath(line.slice(4), cursor.prefixes.new);
  else if (line.startsWith("Binary files ") || line === "GIT binary patch") {
    file.binary = true;
    // `Binary files /dev/null and b/x differ`: the only sign of a new (or deleted) binary file besides the mode lines.
    if (line.startsWith("Binary files /dev/null and ")) file.oldPath = null;
    if (line.endsWith(" and /dev/null differ")) file.newPath = null;
  }
  // index, similarity index, old mode, new mode, and the binary patch's data: nothing to take.
}

/** The text after the first `words` words of a line: `rename from x y` with 2 gives `x y`. */
function afterWord(line: string, words: number): string {
  let at = 0;
  for (let i = 0; i < words; i++) at = line.indexOf(" ", at) + 1;
  return line.slice(at);
}

/** The path of a `---`/`+++` line: `/dev/null` is no file; an unquoted path ends at a tab (git adds one after a path with spaces). */
function markerPath(raw: string, prefix: string): string | null {
  if (raw === "/dev/null" || raw.startsWith("/dev/null\t")) return null;
  const path = raw.startsWith('"') ? unquote(raw) : raw.split("\t")[0];
  return stripPrefix(path, prefix);
}

/**
 * Splits the `a/x b/y` of a `diff --git` line. Paths may contain spaces, so an unquoted header is split where
 * both halves name the same path (the usual case: no rename); a rename's paths are taken from its own lines later.
 */
function splitGitHeader(rest: string): [string, string] {
  if (rest.startsWith('"')) {
    const end = quotedEnd(rest, 0);
    return [unquote(rest.slice(0, end)), unquote(rest.slice(end + 1))];
  }
  if (rest.endsWith('"')) {
    for (let at = rest.indexOf(' "'); at !== -1; at = rest.indexOf(' "', at + 1)) {
      if (quotedEnd(rest, at + 1) === rest.length) return [rest.slice(0, at), unquote(rest.slice(at + 1))];
    }
  }
  // Same path on both sides, each with a one-letter prefix (`a/`, `b/`, or mnemonic ones like `c/`, `w/`) …
  const half = (rest.length - 5) / 2;
  if (Number.isInteger(half) && rest[half + 2] === " " && rest[1] === "/" && rest[half + 4] === "/") {
    const [left, right] = [rest.slice(0, half + 2), rest.slice(half + 3)];
    if (left.slice(2) === right.slice(2)) return [left, right];
  }
  // … or with none (`--no-prefix`).
  const bare = (rest.length - 1) / 2;
  if (Number.isInteger(bare) && rest[bare] === " " && rest.slice(0, bare) === rest.slice(bare + 1)) {
    return [rest.slice(0, bare), rest.slice(bare + 1)];
  }
  // A rename with spaces: a best guess, corrected by the `rename from/to` and `---`/`+++` lines.
  const split = rest.indexOf(" b/");
  if (split !== -1) return [rest.slice(0, split), rest.slice(split + 1)];
  const space = rest.indexOf(" ");
  return space === -1 ? [rest, rest] : [rest.slice(0, space), rest.slice(space + 1)];
}

/** `a/` and `b/` (or mnemonic prefixes) when both header paths have a one-letter prefix; none otherwise. */
function detectPrefixes(oldRaw: string, newRaw: string): Prefixes {
  const prefix = /^[a-z]\//;
  if (prefix.test(oldRaw) && prefix.test(newRaw)) return { old: oldRaw.slice(0, 2), new: newRaw.slice(0, 2) };
  return { old: "", new: "" };
}

function stripPrefix(path: string, prefix: string): string {
  return prefix && path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

/** Index just past the closing quote of the C-style quoted string that starts at `start`; the text's end if unclosed. */
function quotedEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, "\\": 92 };
const utf8 = new TextEncoder();

/**
 * Undoes git's quoting of a path with special characters: `"a/tab\there"`, `"\303\274"` (octal bytes of UTF-8).
 * A path that is not quoted is returned as it is.
 */
export function unquote(text: string): string {
  if (!text.startsWith('"')) return text;
  const bytes: number[] = [];
  for (let i = 1; i < text.length; i++) {
    const char = text[i];
    if (char === '"') break;
    if (char !== "\\") {
      const code = text.codePointAt(i)!;
      if (code > 0xffff) i++;
      bytes.push(...utf8.encode(String.fromCodePoint(code)));
      continue;
    }
    const next = text[++i];
    if (next === undefined) break;
    const octal = /^[0-7]{3}/.exec(text.slice(i, i + 3));
    if (octal) {
      bytes.push(parseInt(octal[0], 8) & 0xff);
      i += 2;
    } else {
      bytes.push(ESCAPES[next] ?? next.charCodeAt(0));
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
