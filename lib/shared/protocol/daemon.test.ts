import { describe, expect, it } from "vitest";
import {
  AuthCode,
  CommandAck,
  DaemonCommand,
  DaemonMessage,
  MessageAck,
  TaskDiffReply,
  describeIssues,
} from "./daemon";
import { SubscribeTask, TaskHistoryPage, UI_HISTORY_PAGE_SIZE } from "./ui";

const line = { seq: 1, stream: "stdout", line: '{"type":"system"}', jsonType: "system" } as const;

describe("DaemonMessage", () => {
  it.each([
    { type: "authenticate", apiKey: "k", machineId: "m", hostname: "h", maxConcurrentTasks: 2, version: "1" },
    { type: "heartbeat", runningTaskIds: ["a"] },
    { type: "taskOutput", taskId: "t", lines: [line] },
    { type: "taskStatusChange", taskId: "t", status: "running", worktreePath: "/w", branch: "makima/x" },
    { type: "taskComplete", taskId: "t", success: true, status: "completed", error: null, exitCode: 0, costUsd: 0.1 },
    {
      type: "taskComplete",
      taskId: "t",
      success: false,
      status: "interrupted",
      error: "Stopped by user",
      exitCode: null,
    },
    {
      type: "taskComplete",
      taskId: "t",
      success: true,
      status: "completed",
      error: null,
      exitCode: 0,
      worktreeBytes: 5e9,
      completionAction: {
        action: "merge",
        outcome: "conflict",
        message: "Merge conflict in 1 file",
        conflicts: ["a.ts"],
      },
    },
    { type: "cleanupWorktreeResult", taskId: "t", success: true, message: "Worktree already gone", alreadyGone: true },
    { type: "worktreeInventory", worktrees: [{ path: "/w/abc", branch: null, sizeBytes: 0 }] },
  ])("accepts $type", (message) => {
    expect(DaemonMessage.safeParse(message).success).toBe(true);
  });

  it("fills runningTaskIds on authenticate when a daemon leaves it out", () => {
    const parsed = DaemonMessage.parse({
      type: "authenticate",
      apiKey: "k",
      machineId: "m",
      hostname: "h",
      maxConcurrentTasks: 1,
      version: "1",
    });
    expect(parsed).toMatchObject({ runningTaskIds: [] });
  });

  it.each([
    ["no type", { taskId: "t" }],
    ["an unknown type", { type: "selfDestruct" }],
    ["a seq of 0", { type: "taskOutput", taskId: "t", lines: [{ ...line, seq: 0 }] }],
    ["a fractional seq", { type: "taskOutput", taskId: "t", lines: [{ ...line, seq: 1.5 }] }],
    ["an unknown stream", { type: "taskOutput", taskId: "t", lines: [{ ...line, stream: "stdin" }] }],
    ["an empty batch", { type: "taskOutput", taskId: "t", lines: [] }],
    ["an empty task id", { type: "taskOutput", taskId: "", lines: [line] }],
    [
      "zero capacity",
      { type: "authenticate", apiKey: "k", machineId: "m", hostname: "h", maxConcurrentTasks: 0, version: "1" },
    ],
    ["a status a daemon may not set", { type: "taskStatusChange", taskId: "t", status: "completed" }],
    ["a completion without status", { type: "taskComplete", taskId: "t", success: true, error: null, exitCode: 0 }],
    [
      "a negative cost",
      { type: "taskComplete", taskId: "t", success: true, status: "completed", error: null, exitCode: 0, costUsd: -1 },
    ],
    [
      "an unknown completion outcome",
      {
        type: "taskComplete",
        taskId: "t",
        success: true,
        status: "completed",
        error: null,
        exitCode: 0,
        completionAction: { action: "merge", outcome: "forced", message: "" },
      },
    ],
    ["a clean-up result without success", { type: "cleanupWorktreeResult", taskId: "t", message: "done" }],
    [
      "a negative worktree size",
      { type: "worktreeInventory", worktrees: [{ path: "/w/abc", branch: null, sizeBytes: -1 }] },
    ],
    ["null", null],
    ["a string", "taskOutput"],
  ])("rejects %s", (_, message) => {
    expect(DaemonMessage.safeParse(message).success).toBe(false);
  });

  it("describes what is wrong, field by field", () => {
    const result = DaemonMessage.safeParse({ type: "taskOutput", taskId: "t", lines: [{ ...line, seq: -3 }] });
    expect(result.success).toBe(false);
    if (!result.success) expect(describeIssues(result.error)).toMatch(/^lines\.0\.seq: /);
  });
});

describe("DaemonCommand", () => {
  const spawn = {
    type: "spawnTask",
    taskId: "t",
    contractId: "c",
    taskName: "n",
    plan: "p",
    repository: "/r",
    baseBranch: "main",
    targetBranch: "main",
    autonomousLoop: false,
    maxIterations: 10,
    isSupervisor: false,
  };

  it("accepts spawnTask, sendInput and stopTask", () => {
    expect(DaemonCommand.safeParse(spawn).success).toBe(true);
    expect(DaemonCommand.safeParse({ type: "sendInput", taskId: "t", message: "hi" }).success).toBe(true);
    expect(DaemonCommand.safeParse({ type: "stopTask", taskId: "t" }).success).toBe(true);
  });

  it("defaults spawnTask's completion action to none and refuses an unknown one", () => {
    expect(DaemonCommand.parse(spawn)).toMatchObject({ completionAction: "none" });
    expect(DaemonCommand.safeParse({ ...spawn, completionAction: "merge" }).success).toBe(true);
    expect(DaemonCommand.safeParse({ ...spawn, completionAction: "rebase" }).success).toBe(false);
  });

  it("accepts the worktree commands and refuses them incomplete", () => {
    expect(DaemonCommand.safeParse({ type: "cleanupWorktree", taskId: "t", deleteBranch: true }).success).toBe(true);
    expect(DaemonCommand.safeParse({ type: "cleanupWorktree", taskId: "t" }).success).toBe(false);
    expect(
      DaemonCommand.safeParse({ type: "getTaskDiff", taskId: "t", repository: "/r", baseBranch: "main", branch: null })
        .success,
    ).toBe(true);
    expect(DaemonCommand.safeParse({ type: "getTaskDiff", taskId: "t", repository: "/r" }).success).toBe(false);
    expect(DaemonCommand.safeParse({ type: "readRepoFile", taskId: "t", path: "src/a.ts" }).success).toBe(true);
    expect(DaemonCommand.safeParse({ type: "readRepoFile", taskId: "t", path: "" }).success).toBe(false);
    expect(DaemonCommand.safeParse({ type: "removeWorktree", path: "/w/abc" }).success).toBe(true);
  });

  it("rejects an empty plan, an empty message and a message over 100,000 characters", () => {
    expect(DaemonCommand.safeParse({ ...spawn, plan: "" }).success).toBe(false);
    expect(DaemonCommand.safeParse({ type: "sendInput", taskId: "t", message: "" }).success).toBe(false);
    expect(DaemonCommand.safeParse({ type: "sendInput", taskId: "t", message: "x".repeat(100_001) }).success).toBe(
      false,
    );
  });
});

describe("AuthCode", () => {
  it("drops the whitespace a paste brings along", () => {
    expect(AuthCode.parse("abc#DEF-123\n")).toBe("abc#DEF-123");
    expect(AuthCode.parse("  abc def\r\n ghi\t")).toBe("abcdefghi");
  });

  it.each([
    ["nothing", "", "Paste the code the login page gave you"],
    ["only whitespace", " \n\t ", "Paste the code the login page gave you"],
    ["10 KB of text", "x".repeat(10_001), "That is far too long for a login code"],
    ["over 1000 characters", "x".repeat(1001), "A login code is at most 1000 characters"],
    ["a control character", "abc\u0007def", "A login code has only letters, digits and punctuation"],
    ["non-ASCII letters", "códe", "A login code has only letters, digits and punctuation"],
  ])("refuses %s with a message", (_, code, message) => {
    const result = AuthCode.safeParse(code);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toBe(message);
  });

  it("is how authenticationRequired and submitAuthCode are checked", () => {
    expect(DaemonCommand.parse({ type: "submitAuthCode", code: "a b" })).toEqual({
      type: "submitAuthCode",
      code: "ab",
    });
    const required = { type: "authenticationRequired", taskId: "t", hostname: "h", message: "m" };
    expect(DaemonMessage.safeParse({ ...required, loginUrl: "https://claude.ai/oauth/authorize?x" }).success).toBe(
      true,
    );
    expect(DaemonMessage.safeParse({ ...required, loginUrl: null }).success).toBe(true);
    expect(DaemonMessage.safeParse({ ...required, loginUrl: "javascript:alert(1)" }).success).toBe(false);
    expect(DaemonMessage.safeParse({ ...required, loginUrl: "http://claude.ai/oauth/authorize" }).success).toBe(false);
  });
});

describe("acks and the /ui protocol", () => {
  it("parses message and command acks", () => {
    expect(MessageAck.parse({ ok: true, ackedSeq: 5 })).toEqual({ ok: true, ackedSeq: 5 });
    expect(MessageAck.parse({ ok: false, error: "no" })).toEqual({
      ok: false,
      error: "no",
      fatal: false,
      retryable: false,
    });
    expect(CommandAck.safeParse({ ok: false }).success).toBe(false);
    expect(TaskDiffReply.safeParse({ ok: true }).success).toBe(false);
    expect(TaskDiffReply.parse({ ok: false, error: "The task's worktree and branch are gone" })).toMatchObject({
      ok: false,
    });
  });

  it("defaults afterSeq to 0 and refuses a negative one", () => {
    expect(SubscribeTask.parse({ taskId: "t" })).toEqual({ taskId: "t", afterSeq: 0, limit: UI_HISTORY_PAGE_SIZE });
    expect(SubscribeTask.safeParse({ taskId: "t", afterSeq: -1 }).success).toBe(false);
    expect(
      TaskHistoryPage.safeParse({ lines: [{ ...line, createdAt: "2026-01-01T00:00:00Z" }], hasMore: false }).success,
    ).toBe(true);
  });
});
