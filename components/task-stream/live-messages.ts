import { z } from "zod";
import type { StoredLine, TaskLiveTextEvent } from "@/lib/shared/protocol/ui";

/** The blocks of a stored assistant line that a live block may stand for. */
const AssistantLine = z.object({
  type: z.literal("assistant"),
  message: z.object({
    id: z.string(),
    content: z.array(z.looseObject({ type: z.string(), text: z.string().optional(), thinking: z.string().optional() })),
  }),
});

/** How many of the newest stored assistant lines a live block is looked for in. */
const RECENT_LINES = 50;

interface StoredBlock {
  kind: TaskLiveTextEvent["kind"];
  text: string;
  /** The live block it was found to be: another block of the message that begins alike is not it. */
  liveKey: string | null;
}

/** A stored assistant line, read only once a live block's message id is found in it. */
interface RecentLine {
  line: string;
  read?: { messageId: string; blocks: StoredBlock[] } | null;
}

/**
 * The messages claude is writing in a task, as the view shows them below its stored lines: each block's latest
 * `task:live-text` (the whole text so far, so none missed matters), until a stored assistant line of the same message
 * holds it. That line may come before or after the block's last live event (they travel apart), so the newest stored
 * assistant lines of the turn are kept: a live block whose text begins a stored block of its message and kind is that
 * block, already shown. A block with no text yet is not shown. A turn's `result` line, the task no longer running or
 * the socket lost ends them all.
 */
export class LiveMessages {
  private readonly blocks = new Map<string, TaskLiveTextEvent>();
  private recent: RecentLine[] = [];

  /** Takes one live event; says whether what is shown changed. */
  take(event: TaskLiveTextEvent): boolean {
    if (event.text === "" || this.isStored(event)) return this.blocks.delete(event.key);
    this.blocks.set(event.key, event);
    return true;
  }

  /** Takes stored lines as they arrive; says whether what is shown changed. */
  takeStored(lines: readonly Pick<StoredLine, "line" | "jsonType">[]): boolean {
    let changed = false;
    for (const { line, jsonType } of lines) {
      if (jsonType === "result") changed = this.clear() || changed;
      if (jsonType !== "assistant") continue;
      this.recent.push({ line });
      if (this.recent.length > RECENT_LINES) this.recent.shift();
      for (const [key, event] of this.blocks) {
        if (line.includes(event.messageId) && this.isStored(event)) changed = this.blocks.delete(key) || changed;
      }
    }
    return changed;
  }

  /** Ends every live block; says whether any was shown. */
  clear(): boolean {
    const shown = this.blocks.size > 0;
    this.blocks.clear();
    this.recent = [];
    return shown;
  }

  /** The blocks being written, in the order they began. */
  shown(): TaskLiveTextEvent[] {
    return [...this.blocks.values()];
  }

  /** Whether a stored block is this live one (and, when first found to be, takes it for it). */
  private isStored(event: TaskLiveTextEvent): boolean {
    for (const recent of this.recent) {
      // Most lines are of other messages: only those naming this one are parsed.
      if (recent.read === undefined && !recent.line.includes(event.messageId)) continue;
      const read = (recent.read ??= readAssistantLine(recent.line));
      if (read?.messageId !== event.messageId) continue;
      const block = read.blocks.find(
        (stored) =>
          stored.kind === event.kind &&
          (stored.liveKey === null || stored.liveKey === event.key) &&
          stored.text.startsWith(event.text),
      );
      if (block) {
        block.liveKey = event.key;
        return true;
      }
    }
    return false;
  }
}

function readAssistantLine(line: string): RecentLine["read"] {
  let parsed;
  try {
    parsed = AssistantLine.safeParse(JSON.parse(line));
  } catch {
    return null;
  }
  if (!parsed.success) return null;
  const blocks: StoredBlock[] = [];
  for (const block of parsed.data.message.content) {
    if (block.type === "text" && block.text !== undefined)
      blocks.push({ kind: "text", text: block.text, liveKey: null });
    if (block.type === "thinking" && block.thinking !== undefined)
      blocks.push({ kind: "thinking", text: block.thinking, liveKey: null });
  }
  return { messageId: parsed.data.message.id, blocks };
}
