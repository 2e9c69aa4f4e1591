import { describe, expect, it } from "vitest";
import { PermissionRuleList, formatRule, parseRule, ruleForRequest } from "./rules";

describe("parseRule", () => {
  it.each([
    ["Edit", { toolName: "Edit" }],
    ["Bash(npm test:*)", { toolName: "Bash", ruleContent: "npm test:*" }],
    ["WebFetch(domain:example.com)", { toolName: "WebFetch", ruleContent: "domain:example.com" }],
    ["Read(./src/**)", { toolName: "Read", ruleContent: "./src/**" }],
    ["Bash(echo (a))", { toolName: "Bash", ruleContent: "echo (a)" }],
    ["mcp__github__create_issue", { toolName: "mcp__github__create_issue" }],
    ["  Edit  ", { toolName: "Edit" }],
  ])("reads %s", (text, rule) => {
    const parsed = parseRule(text);
    expect(parsed).toEqual({ ok: true, rule });
    if (parsed.ok) expect(formatRule(parsed.rule)).toBe(text.trim());
  });

  it.each([
    ["", /tool name/],
    ["Bash(npm test", /does not close/],
    ["Bash()", /nothing between/],
    ["Bash (ls)", /not a tool name/],
    ["(ls)", /not a tool name/],
    ["9Bash", /not a tool name/],
    ["Bash(ls)\nEdit", /one line/],
    [`Bash(${"x".repeat(600)})`, /at most 500/],
  ])("refuses %j", (text, error) => {
    const parsed = parseRule(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(error);
  });
});

describe("PermissionRuleList", () => {
  it("takes a textarea's lines: trimmed, blank lines and repeats dropped", () => {
    expect(PermissionRuleList.parse("Edit\n\n  Bash(npm test:*)\nEdit\n")).toEqual(["Edit", "Bash(npm test:*)"]);
  });

  it("takes the API's array", () => expect(PermissionRuleList.parse(["Bash(makima:*)"])).toEqual(["Bash(makima:*)"]));

  it("names the rule that is wrong", () => {
    const result = PermissionRuleList.safeParse("Edit\nBash(oops");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toMatch(/"Bash\(oops" opens a parenthesis/);
  });

  it("refuses more than 200 rules", () => {
    const many = Array.from({ length: 201 }, (_, i) => `Bash(job${i})`).join("\n");
    expect(PermissionRuleList.safeParse(many).success).toBe(false);
  });
});

describe("ruleForRequest (Allow always)", () => {
  it("takes claude's first suggested allow rule", () => {
    const suggestions = [
      { type: "setMode", mode: "acceptEdits", destination: "session" },
      {
        type: "addRules",
        rules: [{ toolName: "Bash", ruleContent: "npm test:*" }],
        behavior: "allow",
        destination: "localSettings",
      },
    ];
    expect(ruleForRequest("Bash", { command: "npm test -- --watch" }, suggestions)).toBe("Bash(npm test:*)");
  });

  it("allows the exact command, the domain, or the tool", () => {
    expect(ruleForRequest("Bash", { command: " git status " })).toBe("Bash(git status)");
    expect(ruleForRequest("Bash", { command: "echo $(date)" })).toBe("Bash");
    expect(ruleForRequest("WebFetch", { url: "https://docs.example.com/a?b" })).toBe(
      "WebFetch(domain:docs.example.com)",
    );
    expect(ruleForRequest("WebFetch", { url: "not a url" })).toBe("WebFetch");
    expect(ruleForRequest("Edit", { file_path: "/w/a.ts" })).toBe("Edit");
  });
});
