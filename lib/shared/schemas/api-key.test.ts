import { describe, expect, it } from "vitest";
import { z } from "zod";
import { API_KEY_LIMITS, ApiKeyInput, RevokeApiKeyInput } from "./api-key";

function fieldErrors(input: unknown): Record<string, string[] | undefined> {
  const result = ApiKeyInput.safeParse(input);
  expect(result.success).toBe(false);
  return z.flattenError(result.error!).fieldErrors as Record<string, string[] | undefined>;
}

describe("ApiKeyInput", () => {
  it("accepts a name and a cli or daemon scope, trimming the name", () => {
    expect(ApiKeyInput.parse({ name: "  build server  ", scope: "daemon" })).toEqual({
      name: "build server",
      scope: "daemon",
    });
    expect(ApiKeyInput.parse({ name: "my scripts", scope: "cli" })).toEqual({ name: "my scripts", scope: "cli" });
  });

  it("requires a name: missing, empty or only spaces", () => {
    expect(fieldErrors({ scope: "cli" }).name).toEqual(["Name is required"]);
    expect(fieldErrors({ name: "", scope: "cli" }).name).toEqual(["Name is required"]);
    expect(fieldErrors({ name: "   ", scope: "cli" }).name).toEqual(["Name is required"]);
  });

  it("takes names of up to 100 characters (after trimming)", () => {
    expect(API_KEY_LIMITS.name).toBe(100);
    expect(ApiKeyInput.parse({ name: `  ${"k".repeat(100)}  `, scope: "cli" }).name).toHaveLength(100);
    expect(fieldErrors({ name: "k".repeat(101), scope: "cli" }).name).toEqual(["Name must be at most 100 characters"]);
  });

  it("refuses the task scope, which only the server gives, and any other scope", () => {
    for (const scope of ["task", "admin", "", undefined]) {
      expect(fieldErrors({ name: "x", scope }).scope).toEqual(["Scope must be cli or daemon"]);
    }
  });
});

describe("RevokeApiKeyInput", () => {
  it("needs the key's id", () => {
    expect(RevokeApiKeyInput.parse({ id: " abc " })).toEqual({ id: "abc" });
    expect(RevokeApiKeyInput.safeParse({ id: "" }).success).toBe(false);
    expect(RevokeApiKeyInput.safeParse({}).success).toBe(false);
  });
});
