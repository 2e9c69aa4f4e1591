import { describe, expect, it } from "vitest";
import type { PermissionUpdate } from "../../lib/shared/protocol/claude-control";
import { ROOT_WITHOUT_SANDBOX, afterAnswer, permissionLaunch } from "./permissions";

const user = { runsAsRoot: false, sandboxed: false };

describe("permissionLaunch", () => {
  it("passes every mode through for a normal user, with nothing added to the environment", () => {
    for (const mode of ["default", "acceptEdits", "plan", "bypassPermissions"] as const)
      expect(permissionLaunch(mode, ["Edit"], user)).toEqual({
        ok: true,
        permissions: { mode, allowedTools: ["Edit"] },
        env: {},
      });
  });

  it("as root, asks nothing more for the modes that prompt", () => {
    expect(permissionLaunch("default", [], { runsAsRoot: true, sandboxed: false })).toMatchObject({
      ok: true,
      env: {},
    });
  });

  it("as root inside the sandbox, tells claude so (IS_SANDBOX=1) for Allow everything", () => {
    expect(permissionLaunch("bypassPermissions", [], { runsAsRoot: true, sandboxed: true })).toMatchObject({
      ok: true,
      env: { IS_SANDBOX: "1" },
    });
  });

  it("as root without the sandbox, refuses Allow everything, naming the three ways out", () => {
    const launch = permissionLaunch("bypassPermissions", [], { runsAsRoot: true, sandboxed: false });
    expect(launch).toEqual({ ok: false, error: ROOT_WITHOUT_SANDBOX });
    expect(ROOT_WITHOUT_SANDBOX).toMatch(/normal user/);
    expect(ROOT_WITHOUT_SANDBOX).toMatch(/--bubblewrap/);
    expect(ROOT_WITHOUT_SANDBOX).toMatch(/another permission mode/);
  });
});

describe("afterAnswer", () => {
  const plan = { mode: "plan", allowedTools: ["Edit"] } as const;

  it("takes a plan approved out of plan mode for later runs", () => {
    expect(
      afterAnswer(plan, {
        behavior: "allow",
        updatedPermissions: [{ type: "setMode", mode: "acceptEdits", destination: "session" }],
      }),
    ).toEqual({ mode: "acceptEdits", allowedTools: ["Edit"] });
  });

  it("keeps a rule allowed always, once", () => {
    const rule: PermissionUpdate = {
      type: "addRules",
      rules: [{ toolName: "Bash", ruleContent: "npm test:*" }],
      behavior: "allow",
      destination: "session",
    };
    const once = afterAnswer(plan, { behavior: "allow", updatedPermissions: [rule] });
    const twice = afterAnswer(once, { behavior: "allow", updatedPermissions: [rule] });
    expect(twice.allowedTools).toEqual(["Edit", "Bash(npm test:*)"]);
  });

  it("changes nothing for a deny, and never moves a task to Allow everything", () => {
    expect(afterAnswer(plan, { behavior: "deny", message: "no" })).toBe(plan);
    expect(
      afterAnswer(plan, {
        behavior: "allow",
        updatedPermissions: [{ type: "setMode", mode: "bypassPermissions", destination: "session" }],
      }).mode,
    ).toBe("plan");
  });
});
