import { describe, expect, it } from "vitest";
import { runContractCommand } from "./contract-command";
import { apiContract, fakeDeps } from "./test-fixtures";

describe("makima contract", () => {
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
