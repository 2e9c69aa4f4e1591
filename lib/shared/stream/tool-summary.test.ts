import { describe, expect, it } from "vitest";
import { entriesOf, realStream } from "../../../test/support/real-streams";
import { compactLine } from "./tool-summary";
import { pairToolResults, type StreamItem, type ToolItem } from "./tool-results";

const tools = (items: readonly StreamItem[]): ToolItem[] =>
  items.flatMap((item) => (item.kind === "tool" ? [item, ...tools(item.children)] : []));

describe("compactLine on the real transcripts", () => {
  it("says what each Read, Grep and Glob call looked at and found", () => {
    const items = pairToolResults(entriesOf(realStream("claude-clean_v2.0.25_diagnostic-subagents")));
    const lines = tools(items)
      .filter((item) => ["Read", "Grep", "Glob"].includes(item.use.name))
      .map((item) => {
        const line = compactLine(item.use.name, item.use.input, item.result);
        return `${item.use.name} ${line?.target} → ${line?.outcome}`;
      });
    expect(lines).toContain("Glob **/*.go → 1 file");
    expect(lines).toContain('Grep "func" in type go → Found 1 file');
    expect(lines).toContain("Read /home/ari/repos/claude-code-clean-output/main.go → 467 lines");
    expect(lines).toContain(
      "Read /home/ari/repos/claude-code-clean-output → error: EISDIR: illegal operation on a directory, read",
    );
    expect(lines).toContain("Glob **/*_test.go → No files found");
  });

  it("says an error's first line and a call still running", () => {
    const items = pairToolResults(entriesOf(realStream("claude-clean_v2.0.25_build-go-parser")));
    const read = tools(items).find((item) => item.use.name === "Read" && item.result?.isError);
    expect(compactLine("Read", read!.use.input, read!.result)?.outcome).toBe("error: File does not exist.");
    expect(compactLine("Glob", { pattern: "*.ts", path: "src" }, null)).toEqual({
      target: "*.ts in src",
      outcome: "…",
    });
    expect(compactLine("Read", { file_path: "a.ts", offset: 10, limit: 5 }, null)?.target).toBe("a.ts (lines 10–14)");
  });

  it("is null for an input that does not fit its tool", () => {
    expect(compactLine("Read", { path: 5 }, null)).toBeNull();
    expect(compactLine("Bash", { command: "ls" }, null)).toBeNull();
  });
});
