/**
 * Cheap JSON sniffing for stream-json lines. The daemon parses each claude line once with `parseJsonObject`
 * (daemon/claude/line-pipeline.ts) and takes its type with `jsonTypeOfObject`; the normaliser calls
 * `parseJsonObject` too; none ever throws.
 */

/** The longest `type` reported; `OutputLine.jsonType` is capped at 100 characters. */
export const MAX_JSON_TYPE_LENGTH = 100;

export type JsonObject = Record<string, unknown>;

/** The line parsed as a JSON object, or null when it is not JSON or is JSON but not an object. */
export function parseJsonObject(line: string): JsonObject | null {
  if (typeof line !== "string" || !looksLikeObject(line)) return null;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  return isJsonObject(value) ? value : null;
}

/**
 * The top-level `type` of a JSON object line (`"assistant"`, `"result"` …), or null for non-JSON,
 * non-objects, a missing or non-string `type`, and a type longer than 100 characters.
 */
export function jsonTypeOf(line: string): string | null {
  return jsonTypeOfObject(parseJsonObject(line));
}

/** `jsonTypeOf` for a line already parsed with `parseJsonObject`. */
export function jsonTypeOfObject(message: JsonObject | null): string | null {
  const type = message?.type;
  return typeof type === "string" && type.length <= MAX_JSON_TYPE_LENGTH ? type : null;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** First and last non-blank characters are braces: skips JSON.parse for plain text lines. */
function looksLikeObject(line: string): boolean {
  let start = 0;
  let end = line.length - 1;
  while (start <= end && isBlank(line.charCodeAt(start))) start++;
  while (end >= start && isBlank(line.charCodeAt(end))) end--;
  return start < end && line[start] === "{" && line[end] === "}";
}

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}
