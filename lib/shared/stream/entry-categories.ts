import { z } from "zod";
import type { StreamEntry } from "./entry";
import { MAX_NESTING, type StreamItem } from "./tool-results";

/**
 * The three kinds of output a reader filters by, in the task view (Messages / Tools / Errors) and in search
 * (`kinds=`): what was said (claude's text and thinking, the person's messages, the run's final result), the tool
 * calls with their results, and whatever went wrong. An entry may be of none (a session start, a notice) or of two
 * (a tool result that is an error).
 */
export const ENTRY_CATEGORIES = ["messages", "tools", "errors"] as const;
export const EntryCategory = z.enum(ENTRY_CATEGORIES);
export type EntryCategory = z.infer<typeof EntryCategory>;

/** The categories of one entry (empty for one of none). */
export function entryCategories(entry: StreamEntry): EntryCategory[] {
  switch (entry.kind) {
    case "assistantText":
    case "thinking":
    case "userText":
      return ["messages"];
    case "result":
      return entry.isError ? ["messages", "errors"] : ["messages"];
    case "toolUse":
      return ["tools"];
    case "toolResult":
      return entry.isError ? ["tools", "errors"] : ["tools"];
    case "apiError":
    case "stderr":
    case "loopBreaker":
      return ["errors"];
    case "system":
    case "systemNotice":
      return entry.level === "error" ? ["errors"] : [];
    case "rateLimit":
      return entry.status === "rejected" ? ["errors"] : [];
    default:
      return [];
  }
}

/**
 * Whether a row of the view shows something of one of `wanted`: its entry, or for a tool call the call, its
 * result or what its subagent did (nested at most `MAX_NESTING` deep, so the work per row is bounded by its size).
 */
export function itemHasCategory(item: StreamItem, wanted: ReadonlySet<EntryCategory>, depth = 0): boolean {
  if (item.kind === "entry") return entryCategories(item.entry).some((category) => wanted.has(category));
  if (wanted.has("tools")) return true;
  if (item.result && entryCategories(item.result).some((category) => wanted.has(category))) return true;
  if (depth >= MAX_NESTING) return false;
  return item.children.some((child) => itemHasCategory(child, wanted, depth + 1));
}
