import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  AllowRuleInput,
  CONTRACT_LIMITS,
  ContractInput,
  ContractReportInput,
  PERMISSION_MODE_LABELS,
  PermissionMode,
  RemoveAllowRuleInput,
  SetContractLoopInput,
  SetContractStatusInput,
  UpdateContractInput,
} from "./contract";
import { CreateContractInput } from "../api/inputs";
import { branchNameProblem } from "./git";

/** What the "New contract" form posts when filled in correctly. */
const valid = {
  name: "Refactor the parser",
  description: "Split it into files",
  repository: "/home/me/project",
  baseBranch: "main",
  targetBranch: "feature/parser-v2",
  autonomousLoop: "on",
  maxIterations: "12",
  completionAction: "merge",
};

function fieldErrors(input: unknown): Record<string, string[] | undefined> {
  const result = ContractInput.safeParse(input);
  expect(result.success).toBe(false);
  return z.flattenError(result.error!).fieldErrors as Record<string, string[] | undefined>;
}

describe("ContractInput", () => {
  it("accepts a filled-in form and turns its text into values", () => {
    expect(ContractInput.parse({ ...valid, name: "  Refactor the parser  " })).toEqual({
      ...valid,
      autonomousLoop: true,
      maxIterations: 12,
      permissionMode: "acceptEdits",
      allowRules: [],
      denyUnansweredAfterMinutes: null,
      autoResume: false,
    });
  });

  it("reads an unticked checkbox (absent) as off and fills in defaults for missing fields", () => {
    const parsed = ContractInput.parse({ name: "x", repository: "git@github.com:me/project.git" });
    expect(parsed).toMatchObject({
      description: "",
      baseBranch: "main",
      targetBranch: "main",
      autonomousLoop: false,
      maxIterations: 10,
      completionAction: "none",
      permissionMode: "acceptEdits",
      allowRules: [],
      denyUnansweredAfterMinutes: null,
      autoResume: false,
    });
  });

  it("takes one of the completion actions, and says which when given another", () => {
    for (const completionAction of ["none", "merge", "keep_branch"]) {
      expect(ContractInput.parse({ ...valid, completionAction }).completionAction).toBe(completionAction);
    }
    expect(fieldErrors({ ...valid, completionAction: "push --force" }).completionAction).toEqual([
      "Completion action must be none, merge or keep_branch",
    ]);
  });

  it("accepts JSON booleans and numbers", () => {
    expect(ContractInput.parse({ ...valid, autonomousLoop: false, maxIterations: 50 })).toMatchObject({
      autonomousLoop: false,
      maxIterations: 50,
    });
  });

  it("accepts local paths and git URLs without checking they exist", () => {
    for (const repository of [
      "./repo",
      "/nowhere/at/all",
      "https://github.com/a/b.git",
      "git@host:a/b.git",
      "C:\\src\\repo",
    ]) {
      expect(ContractInput.safeParse({ ...valid, repository }).success).toBe(true);
    }
  });

  it("requires a name", () => {
    expect(fieldErrors({ ...valid, name: "   " }).name).toEqual(["Name is required"]);
  });

  it.each([
    ["name", CONTRACT_LIMITS.name, "Name must be at most 200 characters"],
    ["description", CONTRACT_LIMITS.description, "Description must be at most 100,000 characters"],
    ["repository", CONTRACT_LIMITS.repository, "Repository must be at most 1,000 characters"],
    ["baseBranch", CONTRACT_LIMITS.branch, "Base branch must be at most 250 characters"],
    ["targetBranch", CONTRACT_LIMITS.branch, "Target branch must be at most 250 characters"],
  ])("takes a %s of up to its limit (%i characters), and says so past it", (field, max, message) => {
    expect(ContractInput.safeParse({ ...valid, [field]: "x".repeat(max) }).success).toBe(true);
    expect(fieldErrors({ ...valid, [field]: "x".repeat(max + 1) })[field]).toEqual([message]);
  });

  it("counts a description's line breaks as the browser does, one character each (the form sends CRLF)", () => {
    const lines = CONTRACT_LIMITS.description / 2 - 1;
    const sent = `${"x\r\n".repeat(lines)}x`;
    expect(sent.length).toBeGreaterThan(CONTRACT_LIMITS.description);
    expect(ContractInput.parse({ ...valid, description: sent }).description).toBe(`${"x\n".repeat(lines)}x`);
  });

  it("requires a one-line repository", () => {
    expect(fieldErrors({ ...valid, repository: "" }).repository).toEqual(["Repository is required"]);
    expect(fieldErrors({ ...valid, repository: "/a\n/b" }).repository?.[0]).toMatch(/one line/);
  });

  it.each([
    ["has a space", "my branch", /spaces/],
    ['contains ".."', "a..b", /\.\./],
    ['starts with "-"', "-b", /start with "-"/],
    ["contains ~", "a~1", /~/],
    ["contains ^", "a^", /~/],
    ["contains :", "a:b", /~/],
    ["contains ?", "a?", /~/],
    ["contains *", "a*", /~/],
    ["contains [", "a[b", /~/],
    ["contains a backslash", "a\\b", /~/],
    ['ends with "/"', "feature/", /end with "\/"/],
    ['ends with ".lock"', "main.lock", /\.lock/],
    ["is blank", "  ", /required/],
  ])("rejects a base branch that %s", (_what, baseBranch, message) => {
    const errors = fieldErrors({ ...valid, baseBranch });
    expect(errors.baseBranch?.[0]).toMatch(message);
    expect(errors.baseBranch?.[0]).toMatch(/^Base branch /);
  });

  it("rejects an invalid target branch under its own field", () => {
    const errors = fieldErrors({ ...valid, targetBranch: "feature branch" });
    expect(errors.targetBranch?.[0]).toMatch(/^Target branch must not contain spaces/);
    expect(errors.baseBranch).toBeUndefined();
  });

  it.each([["0"], ["51"], ["2.5"], ["ten"], [""]])("rejects max iterations %j", (maxIterations) => {
    expect(fieldErrors({ ...valid, maxIterations }).maxIterations?.[0]).toMatch(/^Max iterations must be/);
  });

  it("reports every invalid field at once", () => {
    const errors = fieldErrors({ name: "", repository: "", baseBranch: "a b", targetBranch: "-x", maxIterations: "0" });
    expect(Object.keys(errors).sort()).toEqual(["baseBranch", "maxIterations", "name", "repository", "targetBranch"]);
  });
});

describe("ContractInput's permissions", () => {
  it("labels each of the four modes", () => {
    expect(PermissionMode.options).toEqual(["default", "acceptEdits", "plan", "bypassPermissions"]);
    expect(PERMISSION_MODE_LABELS).toEqual({
      default: "Ask before every tool",
      acceptEdits: "Ask before commands, allow edits",
      plan: "Plan first",
      bypassPermissions: "Allow everything (no prompts)",
    });
  });

  it("takes each mode, and says which when given another", () => {
    for (const permissionMode of PermissionMode.options)
      expect(ContractInput.parse({ ...valid, permissionMode }).permissionMode).toBe(permissionMode);
    for (const permissionMode of ["dontAsk", "auto", "", "Ask before every tool"])
      expect(fieldErrors({ ...valid, permissionMode }).permissionMode).toEqual([
        "Permissions must be default, acceptEdits, plan or bypassPermissions",
      ]);
  });

  it("reads the allowed tools one a line, as the textarea sends them (CRLF, blank lines, repeats, spaces)", () => {
    const allowRules = "  Bash(npm test:*)\r\n\r\nEdit\nWebFetch(domain:example.com)\nEdit  \n";
    expect(ContractInput.parse({ ...valid, allowRules }).allowRules).toEqual([
      "Bash(npm test:*)",
      "Edit",
      "WebFetch(domain:example.com)",
    ]);
    expect(ContractInput.parse({ ...valid, allowRules: " \n " }).allowRules).toEqual([]);
  });

  it("takes the allowed tools as an array too (JSON)", () => {
    expect(ContractInput.parse({ ...valid, allowRules: ["Edit", " Read(./src/**) ", ""] }).allowRules).toEqual([
      "Edit",
      "Read(./src/**)",
    ]);
  });

  it("names each rule that is not one, under the field", () => {
    const result = ContractInput.safeParse({ ...valid, allowRules: "Edit\nBash(npm test\nmy tool\n(x)" });
    expect(result.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["allowRules.1", '"Bash(npm test" opens a parenthesis it does not close at the end.'],
      ["allowRules.2", '"my tool" is not a tool name (letters, digits, _ and -, e.g. Bash).'],
      ["allowRules.3", '"(x)": "" is not a tool name (letters, digits, _ and -, e.g. Bash).'],
    ]);
    expect(fieldErrors({ ...valid, allowRules: ["Edit", "Bash()"] }).allowRules).toEqual([
      '"Bash()" has nothing between its parentheses.',
    ]);
    expect(fieldErrors({ ...valid, allowRules: 3 }).allowRules).toEqual([
      "Allowed tools must be one rule per line, or a list of rules",
    ]);
  });

  it("takes at most 200 rules", () => {
    const rules = Array.from({ length: 201 }, (_, index) => `Bash(task-${index}:*)`);
    expect(ContractInput.parse({ ...valid, allowRules: rules.slice(0, 200) }).allowRules).toHaveLength(200);
    expect(fieldErrors({ ...valid, allowRules: rules }).allowRules).toEqual(["At most 200 rules."]);
  });

  it.each([
    ["", null],
    ["  ", null],
    [null, null],
    [undefined, null],
    ["1", 1],
    [" 30 ", 30],
    ["10080", 10_080],
    [45, 45],
  ])("reads the deadline %j as %j (empty: never)", (denyUnansweredAfterMinutes, expected) => {
    expect(ContractInput.parse({ ...valid, denyUnansweredAfterMinutes }).denyUnansweredAfterMinutes).toBe(expected);
  });

  it.each([["0"], ["10081"], ["2.5"], ["-5"], ["soon"], [0], [true]])(
    "refuses the deadline %j, saying what it takes",
    (denyUnansweredAfterMinutes) => {
      expect(fieldErrors({ ...valid, denyUnansweredAfterMinutes }).denyUnansweredAfterMinutes).toEqual([
        "Deny requests unanswered after must be a whole number of minutes from 1 to 10,080 (a week), or empty for never",
      ]);
    },
  );

  it("are updated with the rest of the contract", () => {
    expect(UpdateContractInput.parse({ ...valid, id: "c1", permissionMode: "plan", allowRules: "Edit" })).toMatchObject(
      { id: "c1", permissionMode: "plan", allowRules: ["Edit"], denyUnansweredAfterMinutes: null },
    );
  });
});

describe("CreateContractInput (POST /contracts)", () => {
  it("takes the allowed tools as an array only, checked as the form's", () => {
    expect(CreateContractInput.parse({ name: "x", repository: "/r" }).allowRules).toEqual([]);
    expect(CreateContractInput.parse({ name: "x", repository: "/r", allowRules: ["Edit", "Edit"] }).allowRules).toEqual(
      ["Edit"],
    );
    const lines = CreateContractInput.safeParse({ name: "x", repository: "/r", allowRules: "Edit" });
    expect(lines.error?.issues[0]?.message).toMatch(/^allowRules must be an array of rules/);
    const bad = CreateContractInput.safeParse({ name: "x", repository: "/r", allowRules: ["Edit", "x y"] });
    expect(bad.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["allowRules.1", '"x y" is not a tool name (letters, digits, _ and -, e.g. Bash).'],
    ]);
  });
});

describe("AllowRuleInput and RemoveAllowRuleInput", () => {
  it("check a rule added and write it as claude reads it", () => {
    expect(AllowRuleInput.parse({ contractId: " c1 ", rule: "  Bash(npm test:*) " })).toEqual({
      contractId: "c1",
      rule: "Bash(npm test:*)",
    });
    expect(AllowRuleInput.safeParse({ contractId: "c1", rule: "Bash(npm" }).error?.issues[0]?.message).toBe(
      '"Bash(npm" opens a parenthesis it does not close at the end.',
    );
    expect(AllowRuleInput.safeParse({ contractId: "c1", rule: " " }).success).toBe(false);
    expect(AllowRuleInput.safeParse({ contractId: "", rule: "Edit" }).success).toBe(false);
  });

  it("remove any rule stored, unchecked", () => {
    expect(RemoveAllowRuleInput.parse({ contractId: "c1", rule: " not a rule( " })).toEqual({
      contractId: "c1",
      rule: "not a rule(",
    });
    expect(RemoveAllowRuleInput.safeParse({ contractId: "c1", rule: "" }).error?.issues[0]?.message).toBe(
      "Rule is required",
    );
  });
});

describe("branchNameProblem", () => {
  it("accepts ordinary branch names", () => {
    for (const name of ["main", "feature/x-1", "release/2026.11", "makima/task-abc", "v1.0"]) {
      expect(branchNameProblem(name)).toBeNull();
    }
  });

  it("rejects the other names git refuses", () => {
    for (const name of ["@", "a@{1}", "a//b", "/a", "a.", "a/.hidden", "a\tb"]) {
      expect(branchNameProblem(name)).not.toBeNull();
    }
  });
});

describe("UpdateContractInput and SetContractStatusInput", () => {
  it("need the contract id", () => {
    expect(UpdateContractInput.safeParse(valid).success).toBe(false);
    expect(UpdateContractInput.safeParse({ ...valid, id: "c1" }).success).toBe(true);
  });

  it("take only the three statuses", () => {
    expect(SetContractStatusInput.safeParse({ id: "c1", status: "completed" }).success).toBe(true);
    expect(SetContractStatusInput.safeParse({ id: "c1", status: "deleted" }).success).toBe(false);
  });
});

describe("SetContractLoopInput", () => {
  it.each([
    ["on", true],
    ["true", true],
    [true, true],
    ["off", false],
    ["false", false],
    [false, false],
  ])("reads %j as %j", (autonomousLoop, expected) => {
    expect(SetContractLoopInput.parse({ id: " c1 ", autonomousLoop })).toEqual({ id: "c1", autonomousLoop: expected });
  });

  it("needs the switch's value: a missing or unknown one is an error, not off", () => {
    for (const autonomousLoop of [undefined, "", "yes", 1, null]) {
      const result = SetContractLoopInput.safeParse({ id: "c1", autonomousLoop });
      expect(result.success).toBe(false);
      expect(z.flattenError(result.error!).fieldErrors.autonomousLoop).toEqual(["Must be on or off"]);
    }
  });

  it("needs the contract id", () => {
    expect(SetContractLoopInput.safeParse({ autonomousLoop: true }).success).toBe(false);
    expect(SetContractLoopInput.safeParse({ id: "  ", autonomousLoop: true }).success).toBe(false);
  });
});

describe("ContractReportInput", () => {
  it("takes a trimmed progress text of 1 to 10000 characters, signed by no task unless given", () => {
    expect(ContractReportInput.parse({ contractId: "c1", progress: "  2 of 3 merged \n" })).toEqual({
      contractId: "c1",
      progress: "2 of 3 merged",
      taskId: null,
    });
    expect(ContractReportInput.parse({ contractId: "c1", progress: "x".repeat(10_000), taskId: "t1" }).taskId).toBe(
      "t1",
    );
    const tooLong = ContractReportInput.safeParse({ contractId: "c1", progress: "x".repeat(10_001) });
    expect(tooLong.error?.issues[0].message).toBe("Progress must be at most 10000 characters");
    expect(ContractReportInput.safeParse({ contractId: "c1", progress: " \n " }).error?.issues[0].message).toBe(
      "Progress is required",
    );
  });
});
