import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CreateTaskInput, MergeTaskInput, SendTaskMessageInput, StopTaskInput, TASK_LIMITS } from "./task";

const valid = { contractId: "c1", name: "Add tests", plan: "Write unit tests for the parser." };

function fieldErrors(schema: z.ZodType, input: unknown): Record<string, string[] | undefined> {
  const result = schema.safeParse(input);
  expect(result.success).toBe(false);
  return z.flattenError(result.error!).fieldErrors as Record<string, string[] | undefined>;
}

describe("CreateTaskInput", () => {
  it("accepts a name and a plan, trimmed; a task is no supervisor unless ticked", () => {
    expect(CreateTaskInput.parse({ ...valid, name: " Add tests " })).toEqual({ ...valid, supervisor: false });
    expect(CreateTaskInput.parse({ ...valid, supervisor: "on" }).supervisor).toBe(true);
    expect(CreateTaskInput.parse({ ...valid, supervisor: true }).supervisor).toBe(true);
    expect(fieldErrors(CreateTaskInput, { ...valid, supervisor: "maybe" }).supervisor).toEqual(["Must be on or off"]);
  });

  it("requires a task name of 1 to 200 characters", () => {
    expect(fieldErrors(CreateTaskInput, { ...valid, name: "" }).name).toEqual(["Task name is required"]);
    expect(fieldErrors(CreateTaskInput, { ...valid, name: "x".repeat(201) }).name).toEqual([
      "Task name must be at most 200 characters",
    ]);
    expect(CreateTaskInput.safeParse({ ...valid, name: "x".repeat(200) }).success).toBe(true);
  });

  it("requires a plan of 1 to 1,048,576 characters: a long document fits", () => {
    expect(TASK_LIMITS.plan).toBeGreaterThanOrEqual(1_000_000);
    expect(fieldErrors(CreateTaskInput, { ...valid, plan: " \n " }).plan).toEqual(["Plan is required"]);
    expect(CreateTaskInput.safeParse({ ...valid, plan: "x".repeat(TASK_LIMITS.plan) }).success).toBe(true);
    expect(fieldErrors(CreateTaskInput, { ...valid, plan: "x".repeat(TASK_LIMITS.plan + 1) }).plan).toEqual([
      "Plan must be at most 1,048,576 characters",
    ]);
  });

  it("counts a plan's line breaks once each, as the browser's maxLength does, and stores them as \\n", () => {
    const atTheLimit = `${"x\r\n".repeat(TASK_LIMITS.plan / 2 - 1)}x`;
    expect(CreateTaskInput.parse({ ...valid, plan: atTheLimit }).plan).toBe(
      `${"x\n".repeat(TASK_LIMITS.plan / 2 - 1)}x`,
    );
  });

  it("requires the contract id", () => {
    expect(fieldErrors(CreateTaskInput, { name: "a", plan: "b" }).contractId).toBeDefined();
  });
});

describe("SendTaskMessageInput", () => {
  it("accepts a message as typed, keeping its whitespace", () => {
    expect(SendTaskMessageInput.parse({ taskId: "t1", message: "  go on\n" })).toEqual({
      taskId: "t1",
      message: "  go on\n",
    });
  });

  it("rejects a blank message under its field", () => {
    expect(fieldErrors(SendTaskMessageInput, { taskId: "t1", message: "   " }).message).toEqual([
      "Message is required",
    ]);
    expect(fieldErrors(SendTaskMessageInput, { taskId: "t1" }).message).toEqual(["Message is required"]);
  });

  it("takes a message of up to 100,000 characters, as the daemon protocol does", () => {
    expect(SendTaskMessageInput.safeParse({ taskId: "t1", message: "x".repeat(TASK_LIMITS.message) }).success).toBe(
      true,
    );
    expect(
      fieldErrors(SendTaskMessageInput, { taskId: "t1", message: "x".repeat(TASK_LIMITS.message + 1) }).message,
    ).toEqual(["Message must be at most 100,000 characters"]);
  });
});

describe("StopTaskInput", () => {
  it("needs a task id", () => {
    expect(StopTaskInput.parse({ taskId: "t1" })).toEqual({ taskId: "t1" });
    expect(fieldErrors(StopTaskInput, {}).taskId).toEqual(["Task id is required"]);
  });
});

describe("MergeTaskInput", () => {
  it("defaults to the contract's target branch, merged not squashed", () => {
    expect(MergeTaskInput.parse({})).toEqual({ squash: false });
    expect(MergeTaskInput.parse({ to: " release ", squash: true })).toEqual({ to: "release", squash: true });
  });

  it("refuses a target that is not a branch name, and a squash that is not a boolean", () => {
    expect(fieldErrors(MergeTaskInput, { to: "no such branch" }).to?.[0]).toMatch(/^Target branch/);
    expect(fieldErrors(MergeTaskInput, { squash: "yes" }).squash).toEqual(["squash must be true or false"]);
  });
});
