import { describe, expect, it } from "vitest";
import { apiTask } from "../test-fixtures";
import { taskDetails, tasksTable, taskTree } from "./tasks";

describe("tasksTable", () => {
  it("aligns id, status, name and branch, marking supervisors", () => {
    const table = tasksTable([
      apiTask({ id: "a1", name: "Boss", status: "paused", isSupervisor: true, branch: "makima/a1-boss" }),
      apiTask({ id: "b22", name: "Helper", status: "running" }),
    ]);
    expect(table).toBe(
      [
        "ID   STATUS   NAME               BRANCH",
        "a1   paused   Boss [supervisor]  makima/a1-boss",
        "b22  running  Helper             -",
      ].join("\n"),
    );
  });

  it("says when there are none", () => {
    expect(tasksTable([])).toBe("No tasks.");
  });
});

describe("taskTree", () => {
  it("nests subtasks under their parents, in the order given", () => {
    const tree = taskTree([
      apiTask({ id: "s", name: "Boss", status: "paused", isSupervisor: true }),
      apiTask({ id: "c1", name: "First", status: "completed", parentTaskId: "s" }),
      apiTask({ id: "g", name: "Grandchild", status: "running", parentTaskId: "c1" }),
      apiTask({ id: "c2", name: "Second", status: "pending", parentTaskId: "s" }),
      apiTask({ id: "x", name: "Alone", status: "failed" }),
    ]);
    expect(tree).toBe(
      [
        "Boss [supervisor]  paused  s",
        "├─ First  completed  c1",
        "│  └─ Grandchild  running  g",
        "└─ Second  pending  c2",
        "Alone  failed  x",
      ].join("\n"),
    );
  });

  it("never drops a task: unknown parents start a tree, cycles are shown once", () => {
    const tree = taskTree([
      apiTask({ id: "o", name: "Orphan", parentTaskId: "gone" }),
      apiTask({ id: "p", name: "P", parentTaskId: "q" }),
      apiTask({ id: "q", name: "Q", parentTaskId: "p" }),
    ]);
    expect(tree.split("\n")).toEqual(["Orphan  pending  o", "P  pending  p", "└─ Q  pending  q"]);
  });
});

describe("taskDetails", () => {
  it("shows the task's fields, leaving out what it does not have, the plan last", () => {
    const details = taskDetails(
      apiTask({
        status: "failed",
        branch: "makima/task-1-a-task",
        parentTaskId: "boss",
        error: "claude exited with code 1",
        exitCode: 1,
        costUsd: 0.0123,
        inputTokens: 1200,
        outputTokens: 345,
        numTurns: 3,
        durationMs: 12_345,
        startedAt: "2026-11-25T10:00:01.000Z",
        completedAt: "2026-11-25T10:00:14.000Z",
        plan: "Line one\nLine two",
      }),
    );
    expect(details).toBe(
      [
        "id:          task-1",
        "name:        A task",
        "status:      failed",
        "supervisor:  no",
        "contract:    contract-1",
        "parent:      boss",
        "branch:      makima/task-1-a-task",
        "error:       claude exited with code 1",
        "exit code:   1",
        "cost:        $0.0123",
        "turns:       3",
        "tokens:      1200 in, 345 out",
        "duration:    12.3 s",
        "created:     2026-11-25T10:00:00.000Z",
        "started:     2026-11-25T10:00:01.000Z",
        "completed:   2026-11-25T10:00:14.000Z",
        "plan:",
        "  Line one",
        "  Line two",
      ].join("\n"),
    );
  });

  it("shows dashes for what has not happened yet", () => {
    const details = taskDetails(apiTask());
    expect(details).toMatch(/\nparent: +-\nbranch: +-\n/);
    expect(details).toMatch(/\ncost: +\$0\.0000\nturns: +-\n/);
    expect(details).not.toMatch(/error:|exit code:|worktree:|tokens:/);
  });
});
