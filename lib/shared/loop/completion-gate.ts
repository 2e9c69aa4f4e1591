import { z } from "zod";

/**
 * The completion gate an agent in the autonomous loop ends each response with:
 *
 *   <COMPLETION_GATE>
 *   ready: false
 *   reason: "why it is (not) done"
 *   progress: "what was accomplished"
 *   blockers: ["only when ready is false"]
 *   </COMPLETION_GATE>
 *
 * Reading rules, tolerant of what models really write:
 * - Tags are case-insensitive. The last complete gate counts: the body runs from the nearest opening tag
 *   before a closing tag (a stray opening tag earlier is skipped); an opening tag never closed does not count.
 * - A body line `key: value` starts a field (key case-insensitive, letters/digits/`_`/`-`, wrapped in `**`,
 *   `__` or backticks or not; after an unknown key the colon must be followed by a space, so a URL does not
 *   start a field). Every other line continues the field above it, so values may span lines; lines before
 *   the first field and code-fence lines (``` or ~~~) are ignored. A body that is a JSON object is read too.
 * - A value that is one quoted string ("…" or '…', backslash escapes inside) is unquoted; otherwise it is
 *   kept as written, trimmed. Fields repeated: the last one wins.
 * - `ready`: true/false/yes/no in any case, quoted or not, on its first line (later lines are ignored).
 *   Missing or anything else is a problem.
 * - `blockers`: a JSON-style array (may span lines; bare items allowed), `- ` / `* ` / `1. ` items, or one
 *   line of text; empty, `[]` or `none` is no blockers. An array without its `]` is a problem.
 * - Unknown keys are kept in `extras`, lower-cased.
 * - A gate with any problem is not ready, whatever its `ready` says, and keeps the fields it could read.
 * - Size caps keep the loop's events small: each value (each blocker too) is cut to MAX_VALUE_CHARS,
 *   ending with "…"; at most MAX_BLOCKERS blockers and MAX_EXTRAS extras are kept. Cutting is not a problem.
 *
 * Everything runs in linear time: tags are found with a literal regex (one fixed-length attempt per
 * position, no backtracking), the body is read line by line with hand-written scanners.
 */

export const MAX_VALUE_CHARS = 10_000;
export const MAX_BLOCKERS = 50;
export const MAX_EXTRAS = 20;

const schema = z.object({
  /** True only when the gate says so and every field could be read. */
  ready: z.boolean(),
  reason: z.string().nullable(),
  progress: z.string().nullable(),
  blockers: z.array(z.string()),
  extras: z.record(z.string(), z.string()),
  /** Every field could be read (`problems` is empty). */
  complete: z.boolean(),
  /** What could not be read, e.g. `ready is missing`. */
  problems: z.array(z.string()),
});
export type CompletionGate = z.infer<typeof schema>;

export const CompletionGate = { schema, parseLast };

const TAG = /<(\/?)completion_gate>/gi;
const KNOWN_KEYS = new Set(["ready", "reason", "progress", "blockers"]);
const NO_BLOCKERS = new Set(["", "[]", "none", "n/a", "null", "nothing", "-"]);
const BULLET = /^(?:[-*+•]|\d{1,3}[.)])(?:\s+|$)/;
const MARKERS = "*_`";

/** The last complete gate in `text`, read; null when there is none. */
function parseLast(text: string): CompletionGate | null {
  let bodyStart = -1;
  let last: [number, number] | null = null;
  for (const match of text.matchAll(TAG)) {
    if (!match[1]) bodyStart = match.index + match[0].length;
    else if (bodyStart >= 0) {
      last = [bodyStart, match.index];
      bodyStart = -1;
    }
  }
  return last ? readGate(text.slice(last[0], last[1])) : null;
}

function readGate(body: string): CompletionGate {
  const fields = readJsonFields(body) ?? readFields(body);
  const problems: string[] = [];
  const ready = readReady(fields.get("ready"), problems);
  const blockers = readBlockers(fields.get("blockers") ?? "", problems);
  const extras = [...fields].filter(([key]) => !KNOWN_KEYS.has(key)).slice(0, MAX_EXTRAS);
  return {
    ready: ready && problems.length === 0,
    reason: scalar(fields.get("reason")),
    progress: scalar(fields.get("progress")),
    blockers,
    extras: Object.fromEntries(extras.map(([key, value]) => [key, scalar(value) ?? ""])),
    complete: problems.length === 0,
    problems,
  };
}

/** `key: value` lines → raw values (continuation lines joined with "\n"), keys lower-cased. */
function readFields(body: string): Map<string, string> {
  const fields = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const rawLine of body.split("\n")) {
    const line = rawLine.trim();
    if (line.startsWith("```") || line.startsWith("~~~")) continue;
    const field = keyLine(line);
    if (!field) {
      current?.push(line);
    } else if (fields.has(field.key) || KNOWN_KEYS.has(field.key) || fields.size < KNOWN_KEYS.size + MAX_EXTRAS) {
      current = [field.value];
      fields.set(field.key, current);
    } else {
      current = null; // one extra too many: dropped with its lines
    }
  }
  return new Map([...fields].map(([key, lines]) => [key, lines.join("\n").trim()]));
}

/** `**Ready**: yes` → { key: "ready", value: "yes" }; null when the line does not start a field. */
function keyLine(line: string): { key: string; value: string } | null {
  let i = 0;
  while (i < line.length && MARKERS.includes(line[i])) i++;
  const lead = line.slice(0, i);
  const start = i;
  if (!isLetter(line.charCodeAt(i))) return null;
  while (i < line.length && i - start <= 64 && (isLetter(line.charCodeAt(i)) || /[\d_-]/.test(line[i]))) i++;
  const keyEnd = i;
  while (i < line.length && MARKERS.includes(line[i])) i++;
  const closedBeforeColon = i > keyEnd;
  while (line[i] === " " || line[i] === "\t") i++;
  if (line[i] !== ":") return null;
  const key = line.slice(start, keyEnd).replace(/_+$/, "").toLowerCase();
  const after = line[i + 1];
  if (key.length > 64 || (after !== undefined && after !== " " && after !== "\t" && !KNOWN_KEYS.has(key))) return null;
  let value = line.slice(i + 1).trim();
  // `**ready:** true`: the bold closes after the colon.
  if (lead && !closedBeforeColon && value.startsWith(lead)) value = value.slice(lead.length).trim();
  return { key, value };
}

function isLetter(code: number): boolean {
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x7a;
}

/** A body that is one JSON object, as raw field values (blockers kept as JSON for `readBlockers`). */
function readJsonFields(body: string): Map<string, string> | null {
  let json = body.trim();
  if (json.startsWith("```") || json.startsWith("~~~")) json = json.slice(json.indexOf("\n") + 1).trim();
  if (json.endsWith("```") || json.endsWith("~~~")) json = json.slice(0, -3).trim();
  if (!json.startsWith("{")) return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const fields = new Map<string, string>();
  for (const [name, field] of Object.entries(value)) {
    const key = name.toLowerCase();
    if (field === null) continue;
    fields.set(key, typeof field === "string" && key !== "blockers" ? field : JSON.stringify(field));
  }
  return fields;
}

function readReady(raw: string | undefined, problems: string[]): boolean {
  // Only the first line counts (values are trimmed, so it is not blank).
  const line = raw?.split("\n", 1)[0];
  if (!line) {
    problems.push("ready is missing");
    return false;
  }
  const word = stripMarkers(unquote(line) ?? line).toLowerCase();
  if (word === "true" || word === "yes") return true;
  if (word !== "false" && word !== "no") problems.push(`ready: cannot read ${JSON.stringify(cap(line, 50))}`);
  return false;
}

function readBlockers(raw: string, problems: string[]): string[] {
  if (isNone(raw)) return [];
  const items = raw.startsWith("[") ? readArray(raw, problems) : readList(raw);
  return items
    .map((item) => cap(item.trim(), MAX_VALUE_CHARS))
    .filter((item) => !isNone(item))
    .slice(0, MAX_BLOCKERS);
}

function isNone(text: string): boolean {
  return text.length <= 8 && NO_BLOCKERS.has(text.toLowerCase().replace(/\.$/, ""));
}

/** `["a", 'b', bare c]`, possibly over several lines; reads items up to `]` or MAX_BLOCKERS. */
function readArray(raw: string, problems: string[]): string[] {
  const items: string[] = [];
  let i = 1;
  while (items.length < MAX_BLOCKERS) {
    while (i < raw.length && (raw[i] === "," || /\s/.test(raw[i]))) i++;
    if (i >= raw.length) {
      problems.push("blockers: the list has no closing ]");
      break;
    }
    if (raw[i] === "]") break;
    const quoted = readQuoted(raw, i);
    let end = quoted ? quoted.end : i;
    while (end < raw.length && raw[end] !== "," && raw[end] !== "]" && (quoted || raw[end] !== "\n")) end++;
    if (!quoted && (raw[i] === '"' || raw[i] === "'")) {
      // Stop here: retrying every later item against an unclosed quote would be quadratic.
      problems.push("blockers: a quote is never closed");
      items.push(raw.slice(i + 1, end));
      break;
    }
    items.push(quoted ? quoted.value : raw.slice(i, end));
    i = end;
  }
  return items;
}

/** Bullet lines (a line without a bullet continues the item above), or plain text as one item. */
function readList(raw: string): string[] {
  const items: string[] = [];
  for (const line of linesOf(raw)) {
    const bullet = BULLET.exec(line);
    if (bullet || items.length === 0) {
      if (items.length === MAX_BLOCKERS) break;
      items.push(line.slice(bullet ? bullet[0].length : 0));
    } else items[items.length - 1] += ` ${line}`;
  }
  return items.map((item) => unquote(item.trim()) ?? item);
}

/** The lines of `text`, lazily: a long list is read only up to its cap. */
function* linesOf(text: string): Generator<string> {
  for (let start = 0; start <= text.length; ) {
    const end = text.indexOf("\n", start);
    yield text.slice(start, end < 0 ? text.length : end);
    start = end < 0 ? text.length + 1 : end + 1;
  }
}

/** A raw value as the field's text: unquoted when it is one quoted string, cut to MAX_VALUE_CHARS. */
function scalar(raw: string | undefined): string | null {
  if (!raw) return null;
  return cap(unquote(raw) ?? raw, MAX_VALUE_CHARS);
}

/** The string's content when the whole of `text` is one quoted string; null otherwise. */
function unquote(text: string): string | null {
  const quoted = readQuoted(text, 0);
  return quoted && quoted.end === text.length ? quoted.value : null;
}

/**
 * The quoted string starting at `start` ("…" or '…', `\` escapes; `''` is a quote in '…'), or null.
 * Decoding stops a little past MAX_VALUE_CHARS (callers cut there); scanning for the end does not.
 */
function readQuoted(text: string, start: number): { value: string; end: number } | null {
  const quote = text[start];
  if (quote !== '"' && quote !== "'") return null;
  let value = "";
  let from = start + 1;
  const take = (end: number, extra: string) => {
    if (value.length <= MAX_VALUE_CHARS) value += text.slice(from, end) + extra;
  };
  for (let i = from; i < text.length; i++) {
    const char = text[i];
    if (char === "\\" && i + 1 < text.length) {
      take(i, escaped(text[i + 1]));
      from = ++i + 1;
    } else if (char === quote && quote === "'" && text[i + 1] === "'") {
      take(i + 1, "");
      from = ++i + 1;
    } else if (char === quote) {
      take(i, "");
      return { value, end: i + 1 };
    }
  }
  return null;
}

function escaped(char: string): string {
  return ({ n: "\n", t: "\t", r: "\r" } as Record<string, string>)[char] ?? char;
}

function stripMarkers(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && MARKERS.includes(text[start])) start++;
  while (end > start && MARKERS.includes(text[end - 1])) end--;
  return text.slice(start, end);
}

/** At most `max` characters, ending with "…" when cut (never splitting a surrogate pair). */
function cap(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (/[\uD800-\uDBFF]/.test(text[end - 1])) end--;
  return `${text.slice(0, end)}…`;
}
