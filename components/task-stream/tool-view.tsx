"use client";

import type { ReactNode } from "react";
import { AGENT_TOOLS } from "@/lib/shared/stream/tool-inputs";
import { COMPACT_TOOLS } from "@/lib/shared/stream/tool-summary";
import type { ToolResult, ToolUse } from "@/lib/shared/stream/tool-results";
import { AgentCall } from "./agent-view";
import { BashCall } from "./bash-view";
import { CompactToolCall } from "./compact-tool";
import { EditCall, MultiEditCall, WriteCall } from "./diff-view";
import { TodoCall } from "./todo-view";
import { GenericToolCall, ToolResultView } from "./tool-parts";

export { ToolResultView };

/**
 * A tool call with its result, drawn the way its tool reads best: TodoWrite as a checklist, Edit/MultiEdit/Write as
 * diffs, Bash as a terminal, Read/Grep/Glob as one line, Task/Agent with its subagent's work nested (`nested`, drawn
 * by the caller); any other tool by name, input as JSON on demand and result beneath. Each view falls back to the
 * generic one when the input does not have its tool's shape.
 */
export function ToolCallView({
  use,
  result,
  nested = null,
  steps = 0,
}: {
  use: ToolUse;
  result: ToolResult | null;
  nested?: ReactNode;
  steps?: number;
}) {
  if (AGENT_TOOLS.has(use.name) || steps > 0) {
    return (
      <AgentCall use={use} result={result} steps={steps}>
        {nested}
      </AgentCall>
    );
  }
  if (COMPACT_TOOLS.has(use.name)) return <CompactToolCall use={use} result={result} />;
  switch (use.name) {
    case "TodoWrite":
      return <TodoCall use={use} result={result} />;
    case "Edit":
      return <EditCall use={use} result={result} />;
    case "MultiEdit":
      return <MultiEditCall use={use} result={result} />;
    case "Write":
      return <WriteCall use={use} result={result} />;
    case "Bash":
      return <BashCall use={use} result={result} />;
    default:
      return <GenericToolCall use={use} result={result} />;
  }
}
