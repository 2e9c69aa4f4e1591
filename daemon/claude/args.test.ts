import { describe, expect, it } from "vitest";
import { buildClaudeArgs, childEnvironment, userMessageLine } from "./args";

const BASE = [
  "-p",
  "--output-format",
  "stream-json",
  "--input-format",
  "stream-json",
  "--verbose",
  "--include-partial-messages",
];

/** Allow everything: the flags the other options are checked beside. */
const SKIP = { mode: "bypassPermissions", allowedTools: [] } as const;

describe("buildClaudeArgs", () => {
  it("defaults to headless stream-json with permissions skipped", () => {
    expect(buildClaudeArgs({ permissions: SKIP })).toEqual([...BASE, "--dangerously-skip-permissions"]);
  });

  it("asks on stdio in a permission mode, each allowed tool its own argument", () => {
    const args = buildClaudeArgs({
      permissions: { mode: "acceptEdits", allowedTools: ["Bash(npm test:*)", "WebFetch(domain:example.com)"] },
    });
    expect(args).toEqual([
      ...BASE,
      "--permission-mode",
      "acceptEdits",
      "--permission-prompt-tool",
      "stdio",
      "--allowedTools",
      "Bash(npm test:*)",
      "--allowedTools",
      "WebFetch(domain:example.com)",
    ]);
    expect(args).not.toContain("--dangerously-skip-permissions");
  });

  it("skips permissions for Allow everything, whatever the rules", () => {
    const args = buildClaudeArgs({ permissions: { mode: "bypassPermissions", allowedTools: ["Edit"] } });
    expect(args).toEqual([...BASE, "--dangerously-skip-permissions"]);
  });

  it("adds every option given", () => {
    expect(
      buildClaudeArgs({
        permissions: SKIP,
        systemPrompt: "You are a worker.\nBe brief.",
        resumeSessionId: "abc-123",
        model: "claude-opus",
        maxTurns: 7,
      }),
    ).toEqual([
      ...BASE,
      "--dangerously-skip-permissions",
      "--append-system-prompt",
      "You are a worker.\nBe brief.",
      "--resume",
      "abc-123",
      "--model",
      "claude-opus",
      "--max-turns",
      "7",
    ]);
  });

  it("uses --continue without a session id, and --resume over --continue", () => {
    expect(buildClaudeArgs({ permissions: SKIP, continueConversation: true })).toEqual([
      ...BASE,
      "--dangerously-skip-permissions",
      "--continue",
    ]);
    const both = buildClaudeArgs({ permissions: SKIP, continueConversation: true, resumeSessionId: "s1" });
    expect(both).toContain("--resume");
    expect(both).not.toContain("--continue");
  });

  it("rejects a max-turns that is not a positive integer", () => {
    expect(() => buildClaudeArgs({ permissions: SKIP, maxTurns: 0 })).toThrow(RangeError);
    expect(() => buildClaudeArgs({ permissions: SKIP, maxTurns: 1.5 })).toThrow(RangeError);
  });
});

describe("userMessageLine", () => {
  it("builds the stream-json user message on one line", () => {
    const line = userMessageLine('Fix the "bug"\nin two lines');
    expect(line).not.toContain("\n");
    expect(line.endsWith("}")).toBe(true);
    expect(JSON.parse(line)).toEqual({
      type: "user",
      message: { role: "user", content: 'Fix the "bug"\nin two lines' },
    });
  });

  it("matches the exact shape claude reads", () => {
    expect(userMessageLine("hi")).toBe('{"type":"user","message":{"role":"user","content":"hi"}}');
  });
});

describe("childEnvironment", () => {
  it("strips CLAUDECODE, CLAUDE_CODE_* (but the OAuth token) and the daemon's MAKIMA_API_KEY, and keeps the rest", () => {
    const env = childEnvironment({
      PATH: "/usr/bin",
      HOME: "/home/me",
      CLAUDECODE: "1",
      CLAUDE_CODE_ENTRYPOINT: "cli",
      CLAUDE_CODE_SSE_PORT: "1234",
      CLAUDE_CODE_OAUTH_TOKEN: "sk-ant-oat01-x",
      MAKIMA_API_KEY: "the daemon's own key",
      CLAUDE_CONFIG_DIR: "/home/me/.claude",
      UNSET: undefined,
    });
    expect(env).toEqual({
      PATH: "/usr/bin",
      HOME: "/home/me",
      CLAUDE_CODE_OAUTH_TOKEN: "sk-ant-oat01-x",
      CLAUDE_CONFIG_DIR: "/home/me/.claude",
    });
  });

  it("adds extra variables last, overriding the base", () => {
    const env = childEnvironment({ PATH: "/usr/bin", MAKIMA_TASK_ID: "old" }, { MAKIMA_TASK_ID: "t1" });
    expect(env).toEqual({ PATH: "/usr/bin", MAKIMA_TASK_ID: "t1" });
  });

  it("does not modify the base environment", () => {
    const base = { CLAUDECODE: "1", PATH: "/bin" };
    childEnvironment(base, { A: "b" });
    expect(base).toEqual({ CLAUDECODE: "1", PATH: "/bin" });
  });
});
