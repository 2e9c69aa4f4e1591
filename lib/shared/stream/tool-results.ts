import type { StreamEntry, StreamEntryOf } from "./entry";

export type ToolUse = StreamEntryOf<"toolUse">;
export type ToolResult = StreamEntryOf<"toolResult">;

/**
 * What the task view shows, built from the entries in order: a conversation rather than a log.
 * - A tool result is shown under the tool call it answers (a `tool` item at the call's place); a result whose call
 *   was not seen earlier stays on its own.
 * - What a subagent did (entries with a `parentToolUseId`) is nested under the Task/Agent call that started it, in
 *   the call's `children`, paired the same way; a subagent entry whose call was not seen stays where it is. Nesting
 *   stops at `MAX_NESTING` levels: deeper work is shown at that depth.
 * - Live-only lines are left out: `stream_event` (partial messages, which the complete message that follows
 *   repeats), `tool_progress` heartbeats and `keep_alive`. Their lines stay stored and the normaliser keeps them.
 */
export type StreamItem =
  | { kind: "entry"; key: string; entry: Exclude<StreamEntry, ToolUse> }
  | { kind: "tool"; key: string; use: ToolUse; result: ToolResult | null; children: readonly StreamItem[] };

export type ToolItem = Extract<StreamItem, { kind: "tool" }>;

/** How deep subagents nest in the view. */
export const MAX_NESTING = 4;

/** Unknown JSON types that are live-only state, not part of the conversation. */
const LIVE_ONLY_TYPES: ReadonlySet<string> = new Set(["stream_event", "tool_progress", "keep_alive"]);

/** True for an entry the view leaves out (see `StreamItem`). */
export function isLiveOnly(entry: StreamEntry): boolean {
  return entry.kind === "unknown" && entry.type !== null && LIVE_ONLY_TYPES.has(entry.type);
}

/** Pairs tool results with their tool_use by id and nests subagent entries under their call. Pure; O(n). */
export function pairToolResults(entries: readonly StreamEntry[]): StreamItem[] {
  const builder = new StreamItemBuilder<StreamItem>();
  for (const entry of entries) builder.push(entry);
  return builder.rows;
}

/** What `StreamItemBuilder.push` did with an entry. */
export type PushOutcome =
  /** Left out (live-only). */
  | "skipped"
  /** Appended to `rows`. */
  | "added"
  /** A result put under its call, or an entry nested under a call: an item already in `rows` was replaced. */
  | "placed";

interface Call {
  item: ToolItem;
  /** 1 for a call in `rows`, 2 for one nested under such a call … */
  depth: number;
  /** The call it is nested under; null in `rows`. */
  parent: Call | null;
  /** Its index in its parent's children, or in `rows`. */
  index: number;
}

/**
 * `pairToolResults` one entry at a time, for a view that adds new output at the end without going over the rest:
 * `rows` grows by appends only, and an item that changes (a result came, a subagent did more) is replaced by a new
 * object, as is every call it is nested under, so views memoised on item identity redraw exactly what changed.
 * Rows of the caller's own (`Row`) may be appended to `rows` between pushes.
 */
export class StreamItemBuilder<Row extends { key: string } = StreamItem> {
  /** Every call seen, by tool_use id (a later call with the same id takes its place). */
  private readonly calls = new Map<string, Call>();

  constructor(readonly rows: (StreamItem | Row)[] = []) {}

  push(entry: StreamEntry): PushOutcome {
    if (isLiveOnly(entry)) return "skipped";
    if (entry.kind === "toolResult") {
      const call = this.calls.get(entry.toolUseId);
      if (call && call.item.result === null) {
        this.replace(call, { ...call.item, result: entry });
        return "placed";
      }
    }
    const key = `${entry.seq}:${entry.index}`;
    const item: StreamItem =
      entry.kind === "toolUse"
        ? { kind: "tool", key, use: entry, result: null, children: [] }
        : { kind: "entry", key, entry };
    const found = entry.parentToolUseId ? this.calls.get(entry.parentToolUseId) : undefined;
    // Too deep: beside the deepest call instead of under it.
    const parent = found && found.depth >= MAX_NESTING ? found.parent : found;
    const index = parent ? parent.item.children.length : this.rows.length;
    if (item.kind === "tool" && item.use.toolUseId) {
      this.calls.set(item.use.toolUseId, { item, depth: parent ? parent.depth + 1 : 1, parent: parent ?? null, index });
    }
    if (!parent) {
      this.rows.push(item);
      return "added";
    }
    this.replace(parent, { ...parent.item, children: [...parent.item.children, item] });
    return "placed";
  }

  /** Puts `next` in the call's place, and new copies of the calls above it in theirs. */
  private replace(call: Call, next: ToolItem): void {
    call.item = next;
    const { parent } = call;
    if (!parent) {
      this.rows[call.index] = next;
      return;
    }
    const children = [...parent.item.children];
    children[call.index] = next;
    this.replace(parent, { ...parent.item, children });
  }
}
