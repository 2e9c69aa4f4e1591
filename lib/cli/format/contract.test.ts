import { describe, expect, it } from "vitest";
import { apiContract } from "../test-fixtures";
import { contractDetails, renderContractStatus } from "./contract";

describe("contractDetails", () => {
  it("shows the contract's fields, the description last", () => {
    expect(
      contractDetails(
        apiContract({
          autonomousLoop: true,
          description: "Ship it\nsoon",
          targetBranch: "release",
          permissionMode: "default",
          allowRules: ["Bash(npm test:*)", "Edit"],
          denyUnansweredAfterMinutes: 30,
        }),
      ),
    ).toBe(
      [
        "id:                 contract-1",
        "name:               A contract",
        "status:             active",
        "repository:         /srv/repo",
        "base branch:        main",
        "target branch:      release",
        "completion action:  none",
        "autonomous loop:    on (at most 10 iterations)",
        "permissions:        default",
        "allowed tools:",
        "  Bash(npm test:*)",
        "  Edit",
        "deny after:         30 minutes unanswered",
        "auto resume:        on (an interrupted task, at most 3 times)",
        "created:            2026-11-25T09:00:00.000Z",
        "updated:            2026-11-25T09:00:00.000Z",
        "description:",
        "  Ship it",
        "  soon",
      ].join("\n"),
    );
    expect(contractDetails(apiContract())).toMatch(/\nautonomous loop: +off\n[\s\S]*updated: +\S+$/);
  });

  it("says when no tool is allowed, requests wait, and the mode never asks", () => {
    const details = contractDetails(apiContract({ permissionMode: "bypassPermissions" }));
    expect(details).toMatch(/\npermissions: +bypassPermissions \(dangerous: runs any command without asking\)\n/);
    expect(details).toMatch(/\nallowed tools: +none\n/);
    expect(details).toMatch(/\ndeny after: +never \(a request waits for an answer\)\n/);
  });
});

describe("renderContractStatus", () => {
  const tasks = { total: 3, active: 1, finished: 2, byStatus: { completed: 2, running: 1 } };

  it("shows the status, the task counts and the latest report", () => {
    const report = {
      id: "r1",
      contractId: "contract-1",
      taskId: "boss",
      progress: "Half done\nmore soon",
      createdAt: "2026-11-25T11:00:00.000Z",
    };
    expect(renderContractStatus({ contract: apiContract(), tasks, latestReport: report })).toBe(
      [
        "A contract (contract-1): active",
        "Tasks: 3 (1 active, 2 finished)",
        "  completed: 2",
        "  running: 1",
        "Latest report (2026-11-25T11:00:00.000Z by task boss):",
        "  Half done",
        "  more soon",
      ].join("\n"),
    );
  });

  it("says when there is no report", () => {
    expect(renderContractStatus({ contract: apiContract(), tasks, latestReport: null })).toMatch(
      /\nLatest report: none$/,
    );
  });
});
