import { describe, expect, it } from "vitest";
import { entriesOf, REAL_STREAMS, realStream } from "../../../test/support/real-streams";
import { StreamEntry } from "./entry";
import { pairToolResults, type StreamItem } from "./tool-results";

describe("the normaliser on the real CLI's transcripts", () => {
  for (const name of REAL_STREAMS) {
    it(`understands every line of ${name}`, () => {
      const entries = entriesOf(realStream(name));
      for (const entry of entries) {
        expect(StreamEntry.safeParse(entry).success).toBe(true);
        expect(["unknown", "raw"]).not.toContain(entry.kind);
      }
      expect(entries[0]).toMatchObject({ kind: "init" });
      expect(entries.at(-1)).toMatchObject({ kind: "result", isError: false });
    });
  }

  it("says which Task call each subagent entry belongs to", () => {
    const lines = realStream("claude-clean_v2.0.25_diagnostic-subagents");
    const entries = entriesOf(lines);
    const parents = new Set(entries.map((entry) => entry.parentToolUseId).filter(Boolean));
    expect([...parents].sort()).toEqual(["toolu_014ZNMnsnumfmXfL43RcsT8z", "toolu_01Xnzv79g9egnUYoGxEL9fir"].sort());
    const subagentLines = lines.filter((line) => JSON.parse(line).parent_tool_use_id);
    expect(subagentLines).toHaveLength(26);
    expect(entries.filter((entry) => entry.parentToolUseId)).toHaveLength(26);
    const tasks = entries.filter((entry) => entry.kind === "toolUse" && entry.name === "Task");
    expect(tasks.map((task) => task.kind === "toolUse" && task.toolUseId).sort()).toEqual([...parents].sort());
  });

  it("reads the result's token usage (claude's own counts, the cache apart) and the older cost field", () => {
    const [subagents] = entriesOf(realStream("claude-clean_v2.0.25_diagnostic-subagents")).slice(-1);
    expect(subagents).toMatchObject({
      kind: "result",
      costUsd: 0.21085415,
      numTurns: 19,
      usage: { inputTokens: 16, outputTokens: 956, cacheCreationInputTokens: 11907, cacheReadInputTokens: 58826 },
    });
    const [edit] = entriesOf(realStream("terragon_v1.0.x_edit")).slice(-1);
    expect(edit).toMatchObject({ kind: "result", costUsd: 1.2550025, numTurns: 27 });
  });

  it("reads tool results given as arrays of text blocks", () => {
    const entries = entriesOf(realStream("claude-clean_v2.0.25_diagnostic-subagents"));
    const report = entries.find(
      (entry) => entry.kind === "toolResult" && entry.toolUseId === "toolu_014ZNMnsnumfmXfL43RcsT8z",
    );
    expect(report?.kind === "toolResult" && report.content).toMatch(/^Perfect! Here's a quick exploration/);
  });
});

describe("the view items of the real subagent transcript", () => {
  const items = pairToolResults(entriesOf(realStream("claude-clean_v2.0.25_diagnostic-subagents")));
  const tool = (name: string) => items.filter((item) => item.kind === "tool" && item.use.name === name);

  it("nests each subagent's work under its Task call, results paired, nothing left over", () => {
    const tasks = tool("Task");
    expect(tasks).toHaveLength(2);
    const [explore, locate] = tasks.map((task) => (task.kind === "tool" ? task : null)!);
    expect(explore.use.input).toMatchObject({ subagent_type: "Explore" });
    expect(explore.children.map((child) => child.kind === "tool" && child.use.name)).toEqual([
      "Bash",
      "Read",
      "Bash",
      "Read",
      "Read",
      "Read",
      "Bash",
    ]);
    expect(locate.children.map((child) => child.kind === "tool" && child.use.name)).toEqual([
      "Grep",
      "Glob",
      "Glob",
      "Glob",
      "Glob",
      "Glob",
    ]);
    for (const child of [...explore.children, ...locate.children]) {
      expect(child.kind === "tool" && child.result?.toolUseId).toBe(child.kind === "tool" && child.use.toolUseId);
    }
    expect(explore.result?.content).toMatch(/quick exploration/);
    expect(locate.result?.content).toMatch(/File Locations for Test Files/);
    // Nothing a subagent did is left at the top, and every result found its call.
    const top = (item: StreamItem) => (item.kind === "tool" ? item.use.parentToolUseId : item.entry.parentToolUseId);
    expect(items.filter(top)).toEqual([]);
    expect(items.filter((item) => item.kind === "entry" && item.entry.kind === "toolResult")).toEqual([]);
  });

  it("keeps the main agent's calls in order at the top", () => {
    expect(items.map((item) => (item.kind === "tool" ? item.use.name : item.entry.kind))).toEqual([
      "init",
      "assistantText",
      "Glob",
      "Grep",
      "Read",
      "Task",
      "Task",
      "WebSearch",
      "TodoWrite",
      "assistantText",
      "TodoWrite",
      "assistantText",
      "result",
    ]);
  });
});
