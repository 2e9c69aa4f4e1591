import { formatCost, formatDuration, formatTurns, oneLine, plural, toolHint } from "../../shared/stream/format";
import type { StreamEntry } from "../../shared/stream/entry";
import { normalizeLine, type NormalizeInput } from "../../shared/stream/normalize";
import { rateLimitText } from "../../shared/stream/system-notices";
import { indent } from "./layout";

/** How much of a tool's result the text view shows: the rest is counted, not printed. */
const RESULT_LINES = 4;
const RESULT_LINE_WIDTH = 200;

/**
 * One stored output line as text: the task view's entries (lib/shared/stream), written the way Claude Code's terminal
 * does. Lines that are not claude JSON, and JSON of unknown types, come out as they are.
 */
export function renderOutputLine(line: NormalizeInput): string {
  return normalizeLine(line).map(renderEntry).join("\n");
}

export function renderEntry(entry: StreamEntry): string {
  switch (entry.kind) {
    case "init":
      return ["● Session started", entry.model, entry.cwd].filter(Boolean).join(" · ");
    case "assistantText":
      return entry.text;
    case "thinking":
      return `✻ Thinking: ${oneLine(entry.text, RESULT_LINE_WIDTH)}`;
    case "toolUse":
      return `⏺ ${entry.name}(${toolHint(entry.input)})`;
    case "toolResult":
      return toolResult(entry.content, entry.isError);
    case "userText":
      return indent(entry.text, "  ", "> ");
    case "result": {
      const figures = [formatCost(entry.costUsd), formatTurns(entry.numTurns), formatDuration(entry.durationMs)].filter(
        Boolean,
      );
      const head = [entry.isError ? `✗ Failed (${entry.subtype})` : "✓ Done", ...figures].join(" · ");
      return entry.isError && entry.text ? `${head}\n${indent(entry.text, "  ")}` : head;
    }
    case "apiError":
      return `✗ API error (${entry.error}): ${entry.text}`;
    case "stderr":
      return indent(entry.text, "stderr: ");
    case "system":
      return indent(entry.text, "makima: ");
    case "systemNotice":
      return `· ${entry.subtype || "system"}: ${entry.text}`;
    case "rateLimit":
      return `· ${rateLimitText(entry)}`;
    case "loopIteration":
      return `── Iteration ${entry.n} of ${entry.max} ──`;
    case "loopGate": {
      const verdict = entry.ready ? "ready" : "not ready";
      const lines = [
        `Completion gate (iteration ${entry.iteration}): ${verdict}${entry.reason ? `: ${entry.reason}` : ""}`,
      ];
      if (entry.progress) lines.push(`  progress: ${entry.progress}`);
      lines.push(...entry.blockers.map((blocker) => `  blocker: ${blocker}`));
      return lines.join("\n");
    }
    case "loopBreaker":
      return `Circuit breaker tripped: ${entry.reason} (iteration ${entry.iteration})`;
    case "loopDone":
      return `Loop finished after ${plural(entry.iterations, "iteration")}: ${entry.reason}`;
    case "raw":
    case "unknown":
      return entry.text;
    default:
      // A kind added to lib/shared/stream later still shows rather than vanishing.
      return JSON.stringify(entry);
  }
}

/** `  ⎿  ` and the result's first lines, each cut short; how many more there were. */
function toolResult(content: string, isError: boolean): string {
  const lines = content.replace(/\s+$/, "").split("\n");
  if (lines.length === 1 && lines[0] === "") lines[0] = "(no output)";
  const shown = lines
    .slice(0, RESULT_LINES)
    .map((line) => (line.length > RESULT_LINE_WIDTH ? `${line.slice(0, RESULT_LINE_WIDTH - 1)}…` : line));
  if (isError) shown[0] = `Error: ${shown[0]}`;
  if (lines.length > RESULT_LINES) shown.push(`… +${plural(lines.length - RESULT_LINES, "line")}`);
  return indent(shown.join("\n"), "     ", "  ⎿  ");
}
