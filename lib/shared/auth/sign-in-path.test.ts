import { describe, expect, it } from "vitest";
import { localPath, signInPath } from "./sign-in-path";

describe("localPath", () => {
  it("keeps a path of this server with its query and fragment", () => {
    expect(localPath("/tasks/abc?x=1#end")).toBe("/tasks/abc?x=1#end");
    expect(localPath("/")).toBe("/");
  });

  it.each([
    "//evil.example",
    "/\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "evil.example",
    "",
    "/..//evil.example",
  ])("refuses %j, which a browser would take elsewhere", (path) => {
    expect(localPath(path)).toBeNull();
  });
});

describe("signInPath", () => {
  it("comes back to a local path, and nowhere else", () => {
    expect(signInPath("/settings?taskKeys=show")).toBe("/sign-in?next=%2Fsettings%3FtaskKeys%3Dshow");
    expect(signInPath("/")).toBe("/sign-in");
    expect(signInPath(null)).toBe("/sign-in");
    expect(signInPath("/\t/evil.example")).toBe("/sign-in");
  });
});
