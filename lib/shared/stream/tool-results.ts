import type { StreamEntry, StreamEntryOf } from "./entry";

export type ToolUse = StreamEntryOf<"toolUse">;
export type ToolResult = StreamEntryOf<"toolResult">;

/**
 * What the task view shows: entries in order, except that a tool result is shown under the tool call it
 * answers (a `tool` item at the call's place). A result whose call was not seen earlier stays on its own.
 */
export type StreamItem =
  | { kind: "entry"; key: string; entry: Exclude<StreamEntry, ToolUse> }
  | { kind: "tool"; key: string; use: ToolUse; result: ToolResult | null };

/** Pairs tool results with their tool_use by id. Pure; O(n). */
export function pairToolResults(entries: readonly StreamEntry[]): StreamItem[] {
  const items: StreamItem[] = [];
  /** Index in `items` of the still unanswered call for each tool_use id. */
  const openCalls = new Map<string, number>();
  for (const entry of entries) {
    const key = `${entry.seq}:${entry.index}`;
    if (entry.kind === "toolUse") {
      if (entry.toolUseId) openCalls.set(entry.toolUseId, items.length);
      items.push({ kind: "tool", key, use: entry, result: null });
      continue;
    }
    if (entry.kind === "toolResult") {
      const at = openCalls.get(entry.toolUseId);
      const call = at === undefined ? undefined : items[at];
      if (call?.kind === "tool") {
        items[at!] = { ...call, result: entry };
        openCalls.delete(entry.toolUseId);
        continue;
      }
    }
    items.push({ kind: "entry", key, entry: entry as Exclude<StreamEntry, ToolUse> });
  }
  return items;
}
