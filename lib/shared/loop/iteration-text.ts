import type { StreamEntry } from "../stream/entry";
import { normalizeLine, type NormalizeInput } from "../stream/normalize";

/** The parts of a line's entries the iteration's text is made of: assistant text blocks and the result's text. */
export function iterationTextParts(entries: readonly StreamEntry[]): string[] {
  const parts: string[] = [];
  for (const entry of entries) {
    if (entry.kind === "assistantText" || entry.kind === "result") parts.push(entry.text);
  }
  return parts;
}

/**
 * The assistant text of one loop iteration, where its completion gate is looked for: the text blocks of
 * `assistant` messages and the `result` line's text, in order, joined with newlines. Read through the
 * stream normaliser, so JSON escapes are undone and nothing else counts: not tool results (the agent
 * reading a file that contains a gate), user messages, stderr, daemon notices or non-JSON lines.
 * The result text usually repeats the last assistant text; the last gate wins either way.
 */
export class IterationText {
  readonly #parts: string[] = [];

  /** Feeds one output line as it arrives; only its assistant text is kept. */
  add(line: NormalizeInput): void {
    this.addParts(iterationTextParts(normalizeLine(line)));
  }

  /** Feeds the parts of a line already read (`iterationTextParts`), as the daemon's line pipeline hands them on. */
  addParts(parts: readonly string[]): void {
    this.#parts.push(...parts);
  }

  text(): string {
    return this.#parts.join("\n");
  }
}

/** The assistant text of a finished iteration's lines. */
export function iterationText(lines: readonly NormalizeInput[]): string {
  const text = new IterationText();
  for (const line of lines) text.add(line);
  return text.text();
}
