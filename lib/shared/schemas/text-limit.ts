import { formatCount } from "../stream/format";

/** How a text field's maximum is told: in the schema's error and in the form's hint and counter. */

/** `1,048,576 characters`. */
export function characters(count: number): string {
  return `${formatCount(count)} ${count === 1 ? "character" : "characters"}`;
}

/** A zod `.max()` error: "Plan must be at most 1,048,576 characters". */
export function atMost(label: string, max: number) {
  return { error: `${label} must be at most ${characters(max)}` };
}

/**
 * Line breaks as "\n". A browser sends a textarea's line breaks as "\r\n" but counts each as one character
 * against its `maxLength`; the server counts the same way once they are made "\n" again.
 */
export function unixLineBreaks(value: string): string {
  return value.replace(/\r\n?/g, "\n");
}
