import { oneLine, plural } from "./format";
import { GlobInput, GrepInput, ReadInput, readInput } from "./tool-inputs";
import type { ToolResult } from "./tool-results";

/**
 * Read, Grep and Glob calls are looked up, not read: the view gives each one line (the tool, what it looked at,
 * what it found) that opens to the output. This says that line, from the call's input and its result.
 */

export const COMPACT_TOOLS: ReadonlySet<string> = new Set(["Read", "Grep", "Glob"]);

export interface CompactLine {
  /** The file, or the pattern and where it was looked for. */
  target: string;
  /** What came of it: "120 lines", "3 files", "No files found", the error's first line; "…" while it runs. */
  outcome: string;
}

const TARGET_MAX = 160;

/** The compact line of a Read, Grep or Glob call; null when its input does not fit the tool (drawn as JSON then). */
export function compactLine(name: string, input: unknown, result: ToolResult | null): CompactLine | null {
  const target = targetOf(name, input);
  if (target === null) return null;
  return { target: oneLine(target, TARGET_MAX), outcome: outcomeOf(name, result) };
}

function targetOf(name: string, input: unknown): string | null {
  switch (name) {
    case "Read": {
      const read = readInput(ReadInput, input);
      if (!read) return null;
      return `${read.file_path}${lineRange(read.offset, read.limit)}`;
    }
    case "Grep": {
      const grep = readInput(GrepInput, input);
      if (!grep) return null;
      const scope = [grep.path, grep.glob, grep.type ? `type ${grep.type}` : undefined].filter(Boolean).join(", ");
      return `${JSON.stringify(grep.pattern)}${scope ? ` in ${scope}` : ""}`;
    }
    case "Glob": {
      const glob = readInput(GlobInput, input);
      if (!glob) return null;
      return `${glob.pattern}${glob.path ? ` in ${glob.path}` : ""}`;
    }
    default:
      return null;
  }
}

function lineRange(offset: number | undefined, limit: number | undefined): string {
  if (offset === undefined) return limit === undefined ? "" : ` (first ${plural(limit, "line")})`;
  return limit === undefined ? ` (from line ${offset})` : ` (lines ${offset}–${offset + limit - 1})`;
}

/** The few result texts the tools print instead of output ("Found 3 files", "No files found" …). */
const SAYS_ITSELF = /^(Found \d+ \w+|No (files|matches) found)/;

function outcomeOf(name: string, result: ToolResult | null): string {
  if (result === null) return "…";
  const text = result.content.replace(/\s+$/, "");
  if (result.isError) return `error: ${oneLine(stripToolError(text.slice(0, 500)), 100) || "(no message)"}`;
  if (!text) return name === "Read" && result.images?.length ? plural(result.images.length, "image") : "no output";
  const first = text.slice(0, 200).split("\n", 1)[0];
  if (SAYS_ITSELF.test(first)) return oneLine(first, 100);
  if (name === "Read" && result.images?.length) return plural(result.images.length, "image");
  const lines = countLines(text);
  return name === "Glob" ? plural(lines, "file") : plural(lines, "line");
}

function stripToolError(text: string): string {
  return text.replace(/<\/?tool_use_error>/g, "");
}

function countLines(text: string): number {
  let lines = 1;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lines++;
  return lines;
}
