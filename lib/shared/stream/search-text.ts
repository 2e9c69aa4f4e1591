import type { StreamEntry } from "./entry";
import { entryCategories, type EntryCategory } from "./entry-categories";
import { normalizeLine, type NormalizeInput } from "./normalize";
import { isLiveOnly } from "./tool-results";

/**
 * What a person can read of an output line, for search: the text of its entries as the normaliser makes them (the
 * same parsers as the task view: message text, tool names and inputs such as commands and file paths, tool results,
 * errors, notices), never the JSON keys around them. Kept apart by category (./entry-categories.ts), so a search can
 * be limited to messages, tools or errors; an entry of no category is `other`.
 */
export type SearchableText = Record<EntryCategory | "other", string>;

/** The most text indexed of one line: the rest of a huge tool result is not searched, and costs nothing. */
export const MAX_SEARCH_TEXT_PER_LINE = 32 * 1024;
/** How many values of a tool's input (or an unknown message) are read, at most, and how deep. */
const MAX_LEAVES_VISITED = 2_000;
const MAX_LEAF_DEPTH = 8;

/** The readable text of one stored line, at most `MAX_SEARCH_TEXT_PER_LINE` characters in all; never throws. */
export function searchableText(line: NormalizeInput): SearchableText {
  const parts: Record<keyof SearchableText, string[]> = { messages: [], tools: [], errors: [], other: [] };
  let budget = MAX_SEARCH_TEXT_PER_LINE;
  for (const entry of normalizeLine(line)) {
    if (budget <= 0) break;
    // What the view leaves out (partial messages, heartbeats) is not searched either.
    if (isLiveOnly(entry)) continue;
    const text = entryText(entry, budget).join("\n").slice(0, budget);
    if (!text) continue;
    budget -= text.length;
    const categories = entryCategories(entry);
    for (const category of categories.length > 0 ? categories : (["other"] as const)) parts[category].push(text);
  }
  return {
    messages: parts.messages.join("\n"),
    tools: parts.tools.join("\n"),
    errors: parts.errors.join("\n"),
    other: parts.other.join("\n"),
  };
}

/** The texts a person reads of an entry (its fields' values; labels such as "Session started" are the view's). */
function entryText(entry: StreamEntry, budget: number): string[] {
  switch (entry.kind) {
    case "init":
      return [entry.model ?? "", entry.cwd ?? ""];
    case "assistantText":
    case "thinking":
    case "userText":
    case "stderr":
    case "system":
    case "systemNotice":
    case "raw":
    case "result":
      return [entry.text];
    case "toolUse":
      return [entry.name, ...stringValues(entry.input, budget)];
    case "toolResult":
      return [entry.content];
    case "apiError":
      return [entry.error, entry.text];
    case "rateLimit":
      return [entry.status, entry.limitType ?? ""];
    case "loopIteration":
      return [`Iteration ${entry.n} of ${entry.max}`];
    case "loopGate":
      return [entry.reason ?? "", entry.progress ?? "", ...entry.blockers];
    case "loopBreaker":
    case "loopDone":
      return [entry.reason];
    case "unknown":
      return stringValues(parsedOr(entry.text), budget);
  }
}

function parsedOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The string values in a JSON value (a tool's input: its command, file path, pattern, old and new text …), depth
 * first, without the keys; bounded in values visited, depth and characters, whatever the value's size.
 */
export function stringValues(value: unknown, budget = MAX_SEARCH_TEXT_PER_LINE): string[] {
  const found: string[] = [];
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  let visited = 0;
  while (stack.length > 0 && visited < MAX_LEAVES_VISITED && budget > 0) {
    const next = stack.pop()!;
    visited++;
    if (typeof next.value === "string") {
      if (next.value) {
        found.push(next.value.slice(0, budget));
        budget -= next.value.length;
      }
    } else if (typeof next.value === "object" && next.value !== null && next.depth < MAX_LEAF_DEPTH) {
      const children = Array.isArray(next.value) ? next.value : Object.values(next.value);
      // Pushed backwards so that they come out in order; at most what could still be visited.
      for (let i = Math.min(children.length, MAX_LEAVES_VISITED) - 1; i >= 0; i--)
        stack.push({ value: children[i], depth: next.depth + 1 });
    }
  }
  return found;
}

/** The longest search query taken, and the most words of it searched for. */
export const MAX_SEARCH_QUERY_LENGTH = 500;
export const MAX_SEARCH_TERMS = 16;

/**
 * The words a search looks for, as the person typed them: split at white space, each one that has a letter or a
 * digit (punctuation alone finds nothing), at most `MAX_SEARCH_TERMS`. Every word must be found in a line, each as
 * the start of a word of it ("build" finds "builds"); a word with punctuation ("module-12.ts") is found as written.
 * No operators: quotes, parentheses, AND, OR, NOT and `*` are words like any other.
 */
export function searchTerms(query: string): string[] {
  return query
    .slice(0, MAX_SEARCH_QUERY_LENGTH)
    .split(/\s+/)
    .filter((term) => /[\p{L}\p{N}]/u.test(term))
    .slice(0, MAX_SEARCH_TERMS);
}
