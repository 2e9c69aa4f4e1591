import { describe, expect, it } from "vitest";
import { runContractCommand } from "./contract-command";
import { apiContract, fakeDeps } from "./test-fixtures";

describe("makima contract", () => {
  it("creates a contract with its permissions, printing its id, without needing a contract", async () => {
    const contract = apiContract({ id: "new-contract", permissionMode: "default", allowRules: ["Bash(npm test:*)"] });
    const { deps, recorded } = fakeDeps(() => ({ status: 201, json: { contract } }), {
      env: { MAKIMA_API_KEY: "mk" },
    });
    const argv = [
      "create",
      "--name",
      "Parser rewrite",
      "--repository",
      "/srv/parser",
      "--base-branch",
      "develop",
      "--permissions",
      "default",
      "--allow",
      "Bash(npm test:*)",
      "--allow",
      "Edit",
      "--deny-after",
      "30",
    ];
    expect(await runContractCommand(argv, deps)).toBe(0);
    expect(recorded.requests).toEqual([
      {
        method: "POST",
        url: "http://127.0.0.1:3000/api/v1/contracts",
        headers: { authorization: "Bearer mk", "content-type": "application/json" },
        body: {
          name: "Parser rewrite",
          repository: "/srv/parser",
          baseBranch: "develop",
          permissionMode: "default",
          allowRules: ["Bash(npm test:*)", "Edit"],
          denyUnansweredAfterMinutes: 30,
        },
      },
    ]);
    expect(recorded.stdout).toBe("new-contract\n");
    expect(recorded.stderr).toBe("");
  });

  it("leaves out what is not given, and prints the API's answer with --json", async () => {
    const contract = apiContract();
    const { deps, recorded } = fakeDeps(() => ({ status: 201, json: { contract } }), { stdin: "From stdin" });
    const argv = ["create", "--name", "N", "--repository", "R", "--description", "-", "--json"];
    expect(await runContractCommand(argv, deps)).toBe(0);
    expect(recorded.requests[0]?.body).toEqual({
      name: "N",
      repository: "R",
      description: "From stdin",
      allowRules: [],
    });
    expect(JSON.parse(recorded.stdout)).toEqual({ contract });
  });

  it.each([
    [["create", "--repository", "R"], /^makima contract create: a name is required: pass --name NAME\n/],
    [["create", "--name", "N"], /^makima contract create: a repository is required: pass --repository REPO\n/],
    [
      ["create", "--name", "N", "--repository", "R", "--permissions", "yolo"],
      /^makima contract create: --permissions must be one of default, acceptEdits, plan, bypassPermissions \(got "yolo"\)\n/,
    ],
    [
      ["create", "--name", "N", "--repository", "R", "--deny-after", "1h"],
      /^makima contract create: --deny-after must be a whole number of minutes \(got "1h"\)\n/,
    ],
  ])("refuses %j as a usage error, before any request", async (argv, message) => {
    const { deps, recorded } = fakeDeps(() => ({ json: {} }));
    expect(await runContractCommand(argv, deps)).toBe(2);
    expect(recorded.stderr).toMatch(message);
    expect(recorded.requests).toEqual([]);
  });

  it("exits 1 with the server's message when it refuses a rule", async () => {
    const error = '"Bash(npm test" opens a parenthesis it does not close at the end.';
    const { deps, recorded } = fakeDeps(() => ({
      status: 422,
      json: { error, issues: [{ path: "allowRules.0", message: error }] },
    }));
    expect(
      await runContractCommand(["create", "--name", "N", "--repository", "R", "--allow", "Bash(npm test"], deps),
    ).toBe(1);
    expect(recorded.stderr).toBe(`makima contract create: ${error}\n`);
    expect(recorded.stdout).toBe("");
  });

  it("reports progress given as an argument or on stdin", async () => {
    const report = {
      id: "r1",
      contractId: "contract-1",
      taskId: null,
      progress: "p",
      createdAt: "2026-11-25T11:00:00.000Z",
    };
    const { deps, recorded } = fakeDeps(() => ({ status: 201, json: { report } }), {
      env: { MAKIMA_API_KEY: "mk", MAKIMA_CONTRACT_ID: "contract-1" },
      stdin: "From\nstdin",
    });
    expect(await runContractCommand(["report", "Half done"], deps)).toBe(0);
    expect(await runContractCommand(["report", "-"], deps)).toBe(0);
    expect(recorded.requests.map((request) => [request.method, request.url, request.body])).toEqual([
      ["POST", "http://127.0.0.1:3000/api/v1/contracts/contract-1/reports", { progress: "Half done" }],
      ["POST", "http://127.0.0.1:3000/api/v1/contracts/contract-1/reports", { progress: "From\nstdin" }],
    ]);
    expect(recorded.stdout).toBe("Reported progress on contract contract-1 (2026-11-25T11:00:00.000Z).\n".repeat(2));
  });

  it("completes the contract, saying its worktrees will be cleaned up", async () => {
    const { deps, recorded } = fakeDeps(() => ({ json: { contract: apiContract({ status: "completed" }) } }));
    expect(await runContractCommand(["complete"], deps)).toBe(0);
    expect(recorded.requests).toMatchObject([
      { method: "POST", url: "http://127.0.0.1:3000/api/v1/contracts/contract-1/complete" },
    ]);
    expect(recorded.stdout).toBe(
      "Contract A contract (contract-1) is completed; its tasks' worktrees will be cleaned up (branches are kept).\n",
    );
  });
});
