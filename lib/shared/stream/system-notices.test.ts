import { describe, expect, it } from "vitest";
import { StreamEntry } from "./entry";
import { normalizeLine } from "./normalize";
import { NOTICE_MAX } from "./system-notices";

/** Messages shaped as the agent SDK types them (sdk.d.ts); none of these occur in the recorded transcripts. */
const system = (subtype: string, fields: object = {}) =>
  normalizeLine({
    seq: 3,
    stream: "stdout",
    line: JSON.stringify({ type: "system", subtype, uuid: "u", session_id: "s", ...fields }),
  })[0];

describe("claude's system notices", () => {
  it("says each known subtype in one line", () => {
    const cases: [string, object, string, string][] = [
      [
        "compact_boundary",
        { compact_metadata: { trigger: "auto", pre_tokens: 155_000, post_tokens: 12_000 } },
        "Conversation compacted (auto): 155,000 tokens before, 12,000 after",
        "info",
      ],
      [
        "api_retry",
        { attempt: 2, max_retries: 10, retry_delay_ms: 4000, error_status: 529, error: "overloaded" },
        "API request failed (529, overloaded): retry 2 of 10 in 4 s",
        "warning",
      ],
      ["status", { status: "compacting" }, "Compacting the conversation…", "info"],
      [
        "status",
        { status: null, compact_result: "failed", compact_error: "too long" },
        "Compaction failed: too long",
        "warning",
      ],
      [
        "hook_started",
        { hook_id: "h", hook_name: "lint", hook_event: "PostToolUse" },
        "Hook PostToolUse lint started",
        "info",
      ],
      [
        "hook_response",
        {
          hook_id: "h",
          hook_name: "lint",
          hook_event: "PostToolUse",
          output: "2 problems\nmore",
          stdout: "",
          stderr: "",
          exit_code: 1,
          outcome: "error",
        },
        "Hook PostToolUse lint failed (exit 1): 2 problems more",
        "warning",
      ],
      ["informational", { content: "Stop hook said no", level: "warning" }, "Stop hook said no", "warning"],
      ["notification", { key: "k", text: "Heads up", priority: "low" }, "Heads up", "info"],
      [
        "permission_denied",
        { tool_name: "Bash", tool_use_id: "t", message: "not allowed" },
        "Permission denied: Bash (not allowed)",
        "warning",
      ],
      ["files_persisted", { files: [] }, "system: files_persisted", "info"],
    ];
    for (const [subtype, fields, text, level] of cases) {
      const entry = system(subtype, fields);
      expect(entry).toMatchObject({ kind: "systemNotice", subtype, text, level });
      expect(StreamEntry.safeParse(entry).success).toBe(true);
      expect(entry.kind === "systemNotice" && JSON.parse(entry.json)).toMatchObject({ subtype, ...fields });
    }
  });

  it("puts a subagent task's events under the call that started it", () => {
    expect(system("task_started", { task_id: "a", tool_use_id: "toolu_9", description: "Find tests" })).toMatchObject({
      kind: "systemNotice",
      text: "Started: Find tests",
      parentToolUseId: "toolu_9",
    });
    expect(
      system("task_notification", { task_id: "a", tool_use_id: "toolu_9", status: "failed", summary: "x" }),
    ).toMatchObject({
      text: "task failed: x",
      level: "warning",
    });
  });

  it("says a message of the wrong shape by its subtype and keeps one line short", () => {
    expect(system("api_retry", { attempt: "two" })).toMatchObject({ text: "API request failed: retrying" });
    expect(system("")).toMatchObject({ subtype: "", text: "system: (no subtype)" });
    const long = system("informational", { content: "word ".repeat(10_000) });
    expect(long.kind === "systemNotice" && long.text.length).toBeLessThanOrEqual(NOTICE_MAX);
  });
});

describe("rate_limit_event", () => {
  const event = (info: unknown) =>
    normalizeLine({
      seq: 1,
      stream: "stdout",
      line: JSON.stringify({ type: "rate_limit_event", rate_limit_info: info }),
    })[0];

  it("reads its status, reset time (ms), limit and utilization", () => {
    expect(
      event({ status: "allowed_warning", resetsAt: 1_796_000_000, rateLimitType: "five_hour", utilization: 0.82 }),
    ).toEqual({
      kind: "rateLimit",
      seq: 1,
      index: 0,
      status: "allowed_warning",
      resetsAt: 1_796_000_000_000,
      limitType: "five_hour",
      utilization: 0.82,
    });
    expect(event({ status: "allowed" })).toMatchObject({ resetsAt: null, limitType: null, utilization: null });
  });

  it("keeps one it cannot read as unknown JSON", () => {
    expect(event(null)).toMatchObject({ kind: "unknown", type: "rate_limit_event" });
    expect(event({ status: 5 })).toMatchObject({ kind: "unknown" });
  });
});
