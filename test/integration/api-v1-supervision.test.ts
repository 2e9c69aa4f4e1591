import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as completeContract } from "../../app/api/v1/contracts/[id]/complete/route";
import { GET as listReports, POST as postReport } from "../../app/api/v1/contracts/[id]/reports/route";
import { GET as contractStatus } from "../../app/api/v1/contracts/[id]/status/route";
import { POST as spawnTask } from "../../app/api/v1/contracts/[id]/tasks/route";
import { GET as readFile } from "../../app/api/v1/tasks/[id]/file/route";
import { POST as mergeTask } from "../../app/api/v1/tasks/[id]/merge/route";
import { GET as getTask } from "../../app/api/v1/tasks/[id]/route";
import { ContractProgress, MergeAnswer, MergeErrorAnswer, ReportListAnswer } from "../../lib/shared/api/schemas";
import { getDb } from "../../lib/server/db/client";
import { createApiKey } from "../../lib/server/api-keys/api-key-store";
import { createTestUser } from "../support/auth";
import { callRoute, type ApiRoute, type RouteCall } from "../support/api-route";
import { createGitRepo, git } from "../support/git";
import { daemonKey, startTestDaemon, startTestServer, waitFor } from "../support/stack";
import { stopTask } from "../../lib/server/tasks/stop-task";

let server: Awaited<ReturnType<typeof startTestServer>>;
let daemon: ReturnType<typeof startTestDaemon>;
let cliKey: string;
/** The member the cli key acts as; they started the tasks here. */
let memberId: string;
let repository: string;
let contractId: string;
let otherContractId: string;

beforeAll(async () => {
  server = await startTestServer();
  daemon = startTestDaemon({ serverUrl: server.url, apiKey: await daemonKey() });
  const db = getDb();
  repository = createGitRepo();
  git(repository, "branch", "release");
  contractId = (await db.contract.create({ data: { name: "Supervised", repository } })).id;
  otherContractId = (await db.contract.create({ data: { name: "Other", repository: createGitRepo() } })).id;
  memberId = (await createTestUser("member")).id;
  cliKey = (await createApiKey(db, { name: "script", scope: "cli", userId: memberId })).key;
  await waitFor(async () => (await db.daemon.count({ where: { status: "connected" } })) === 1);
});

afterAll(async () => {
  await daemon?.stop();
  await server?.close();
});

/** Calls a route handler with the cli key unless told otherwise. */
function call<P>(route: ApiRoute<P>, params: P, init: Partial<RouteCall> = {}) {
  return callRoute(route, params, { ...init, key: init.key ?? cliKey });
}

/** Spawns an `edit` task through the API and waits for its end. */
async function finishedEditTask(name: string, lines: string[]): Promise<string> {
  const { body } = await call(
    spawnTask,
    { id: contractId },
    { method: "POST", body: { name, plan: ["scenario:edit", ...lines].join("\n") } },
  );
  await waitFor(async () => (await call(getTask, { id: body.task.id })).body.task.status === "completed", 20_000, name);
  return body.task.id;
}

describe("the supervision API", () => {
  it("reads a file of a task's worktree, and refuses paths outside it", async () => {
    const taskId = await finishedEditTask("Notes", ["write notes/plan.md the plan"]);
    expect(await call(readFile, { id: taskId }, { query: "?path=notes/plan.md" })).toEqual({
      status: 200,
      body: { file: { path: "notes/plan.md", sizeBytes: 9, binary: false, content: "the plan\n", truncated: false } },
    });
    expect(await call(readFile, { id: taskId }, { query: "?path=../../etc/passwd" })).toMatchObject({ status: 422 });
    expect(await call(readFile, { id: taskId }, { query: "?path=missing.txt" })).toMatchObject({ status: 422 });
    expect(await call(readFile, { id: taskId })).toEqual({
      status: 422,
      body: {
        error: "Give the file's path as ?path=",
        issues: [{ path: "path", message: "Give the file's path as ?path=" }],
      },
    });
    expect(await call(readFile, { id: "no-such-task" }, { query: "?path=a" })).toMatchObject({ status: 404 });
  });

  it("merges a finished task into the target branch, squashed into another, and reports a conflict without forcing it", async () => {
    const first = await finishedEditTask("Feature", [
      "write feature.txt one",
      "commit add feature",
      "write feature.txt two",
      "commit change feature",
    ]);
    const merged = await call(mergeTask, { id: first }, { method: "POST", body: {} });
    expect(merged).toMatchObject({
      status: 200,
      body: { merge: { outcome: "merged", targetBranch: "main", squash: false } },
    });
    // main is checked out in the repository's folder, so its files follow.
    expect(fs.readFileSync(path.join(repository, "feature.txt"), "utf8")).toBe("two\n");
    expect(git(repository, "rev-parse", "HEAD")).toBe(merged.body.merge.commit);
    MergeAnswer.parse(merged.body);
    expect(await call(mergeTask, { id: first }, { method: "POST", body: {} })).toMatchObject({
      status: 200,
      body: { merge: { outcome: "nothing" } },
    });

    const squashed = await call(mergeTask, { id: first }, { method: "POST", body: { to: "release", squash: true } });
    expect(squashed).toMatchObject({
      status: 200,
      body: { merge: { outcome: "merged", targetBranch: "release", squash: true } },
    });
    expect(git(repository, "rev-list", "--count", "main..release")).toBe("1");
    expect(git(repository, "show", "release:feature.txt")).toBe("two");

    const clash = await finishedEditTask("Clash", ["write feature.txt three", "commit clash"]);
    const releaseBefore = git(repository, "rev-parse", "release");
    const conflict = await call(mergeTask, { id: clash }, { method: "POST", body: { to: "release" } });
    expect(conflict).toMatchObject({
      status: 409,
      body: { merge: { outcome: "conflict", conflicts: ["feature.txt"] } },
    });
    expect(git(repository, "rev-parse", "release")).toBe(releaseBefore);
    MergeErrorAnswer.parse(conflict.body);

    expect(await call(mergeTask, { id: first }, { method: "POST", body: { to: "no such branch" } })).toMatchObject({
      status: 422,
    });
    expect(await call(mergeTask, { id: first }, { method: "POST", body: { to: "nowhere" } })).toMatchObject({
      status: 422,
      body: { error: expect.stringMatching(/nowhere/) },
    });
    expect(await call(mergeTask, { id: "no-such-task" }, { method: "POST", body: {} })).toMatchObject({ status: 404 });
  });

  it("refuses to merge a task that still runs", async () => {
    const { body } = await call(
      spawnTask,
      { id: contractId },
      { method: "POST", body: { name: "Busy", plan: "scenario:hang" } },
    );
    await waitFor(
      async () => (await call(getTask, { id: body.task.id })).body.task.status === "running",
      20_000,
      "the task to run",
    );
    expect(await call(mergeTask, { id: body.task.id }, { method: "POST", body: {} })).toEqual({
      status: 409,
      body: { error: "The task is running: wait for it to finish before merging" },
    });
    await stopTask({ taskId: body.task.id });
    await waitFor(
      async () => (await call(getTask, { id: body.task.id })).body.task.status === "interrupted",
      20_000,
      "the stop",
    );
  });

  it("takes progress reports, signed by the task whose key sent them, and sums up the contract", async () => {
    const reporter = await getDb().task.create({
      data: {
        contractId,
        name: "Supervisor",
        plan: "p",
        isSupervisor: true,
        status: "completed",
        createdById: memberId,
      },
    });
    const taskKey = (
      await createApiKey(getDb(), { name: "task", scope: "task", userId: memberId, contractId, taskId: reporter.id })
    ).key;
    expect(
      await call(
        postReport,
        { id: contractId },
        { method: "POST", body: { progress: "  2 of 3 merged  " }, key: taskKey },
      ),
    ).toMatchObject({
      status: 201,
      body: { report: { contractId, taskId: reporter.id, progress: "2 of 3 merged" } },
    });
    await call(postReport, { id: contractId }, { method: "POST", body: { progress: "all merged" } });
    expect(await call(postReport, { id: contractId }, { method: "POST", body: { progress: " " } })).toMatchObject({
      status: 422,
      body: { issues: [{ path: "progress", message: "Progress is required" }] },
    });
    expect(
      await call(postReport, { id: otherContractId }, { method: "POST", body: { progress: "x" }, key: taskKey }),
    ).toMatchObject({ status: 403 });
    expect(
      await call(postReport, { id: "no-such-contract" }, { method: "POST", body: { progress: "x" } }),
    ).toMatchObject({ status: 404 });

    const reports = ReportListAnswer.parse((await call(listReports, { id: contractId })).body).reports;
    expect(reports.map((report: { progress: string }) => report.progress)).toEqual(["all merged", "2 of 3 merged"]);

    const status = await call(contractStatus, { id: contractId });
    ContractProgress.parse(status.body);
    expect(status.body).toMatchObject({
      contract: { id: contractId, status: "active" },
      latestReport: { progress: "all merged", taskId: null },
    });
    const { total, active, finished, byStatus } = status.body.tasks;
    expect(total).toBe(active + finished);
    expect(byStatus).toMatchObject({ completed: expect.any(Number), interrupted: 1 });
    expect(await call(contractStatus, { id: otherContractId }, { key: taskKey })).toMatchObject({ status: 403 });
  });

  it("completes a contract once, ends its waiting supervisor, and refuses an archived one", async () => {
    const db = getDb();
    const contract = await db.contract.create({ data: { name: "To complete", repository: createGitRepo() } });
    const { body } = await call(
      spawnTask,
      { id: contract.id },
      { method: "POST", body: { name: "Lead", plan: "scenario:text", supervisor: true } },
    );
    expect(body.task).toMatchObject({ isSupervisor: true, autonomousLoop: false });
    await waitFor(
      async () => (await call(getTask, { id: body.task.id })).body.task.status === "paused",
      20_000,
      "the supervisor to wait",
    );

    expect(await call(completeContract, { id: contract.id }, { method: "POST" })).toMatchObject({
      status: 200,
      body: { contract: { status: "completed" } },
    });
    await waitFor(
      async () => (await call(getTask, { id: body.task.id })).body.task.status === "completed",
      20_000,
      "the supervisor to end",
    );
    expect(await call(completeContract, { id: contract.id }, { method: "POST" })).toMatchObject({
      status: 200,
      body: { contract: { status: "completed" } },
    });

    await db.contract.update({ where: { id: contract.id }, data: { status: "archived" } });
    expect(await call(completeContract, { id: contract.id }, { method: "POST" })).toEqual({
      status: 409,
      body: { error: "This contract is archived: reopen it before completing it." },
    });
    expect(await call(completeContract, { id: "no-such-contract" }, { method: "POST" })).toMatchObject({ status: 404 });
  });
});
