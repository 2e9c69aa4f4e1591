import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/support/git";
import { ClaudeTokenStore, TOKEN_FILE } from "./token-store";

describe("ClaudeTokenStore", () => {
  it("has nothing to add before a login", () => {
    expect(new ClaudeTokenStore(tempDir()).environment()).toEqual({});
  });

  it("keeps the token for the owner's eyes only, and across a restart", () => {
    const dir = tempDir();
    new ClaudeTokenStore(dir).save("sk-ant-oat01-abc");
    expect(fs.statSync(path.join(dir, TOKEN_FILE)).mode & 0o777).toBe(0o600);
    expect(new ClaudeTokenStore(dir).environment()).toEqual({ CLAUDE_CODE_OAUTH_TOKEN: "sk-ant-oat01-abc" });
  });
});
