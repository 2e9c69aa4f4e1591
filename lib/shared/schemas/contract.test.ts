import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  CONTRACT_LIMITS,
  ContractInput,
  ContractReportInput,
  SetContractLoopInput,
  SetContractStatusInput,
  UpdateContractInput,
} from "./contract";
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
