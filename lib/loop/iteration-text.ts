import { normalizeLine, type NormalizeInput } from "../stream/normalize";

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
    for (const entry of normalizeLine(line)) {
      if (entry.kind === "assistantText" || entry.kind === "result") this.#parts.push(entry.text);
    }
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
