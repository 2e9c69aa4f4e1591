import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { absolutePath } from "./paths";

describe("absolutePath", () => {
  it("expands a leading ~ and resolves the rest against the working folder", () => {
    expect(absolutePath("~")).toBe(os.homedir());
    expect(absolutePath("~/projects/app")).toBe(path.join(os.homedir(), "projects/app"));
    expect(absolutePath("repo")).toBe(path.resolve("repo"));
    expect(absolutePath("/srv/~x")).toBe("/srv/~x");
    expect(absolutePath("~other/x")).toBe(path.resolve("~other/x"));
  });
});
