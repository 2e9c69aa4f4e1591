import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getContract } from "../../app/api/v1/contracts/[id]/route";
import { GET as listTasks, POST as spawnTask } from "../../app/api/v1/contracts/[id]/tasks/route";
import { GET as listContracts } from "../../app/api/v1/contracts/route";
import { GET as getDiff } from "../../app/api/v1/tasks/[id]/diff/route";
import { GET as getOutput } from "../../app/api/v1/tasks/[id]/output/route";
import { GET as getTask } from "../../app/api/v1/tasks/[id]/route";
import { ContractListAnswer, DiffAnswer, OutputPage, TaskAnswer, TaskListAnswer } from "../../lib/shared/api/schemas";
import { getDb } from "../../lib/server/db/client";
import { createApiKey, hashApiKey } from "../../lib/server/api-keys/api-key-store";
import { getRuntime } from "../../lib/server/runtime";
import { createTestUser } from "../support/auth";
import { callRoute, type ApiRoute, type RouteCall } from "../support/api-route";
import { createGitRepo, tempDir } from "../support/git";
import { daemonKey, startTestDaemon, startTestServer, waitFor } from "../support/stack";

let server: Awaited<ReturnType<typeof startTestServer>>;
let daemon: ReturnType<typeof startTestDaemon>;
let cliKey: string;
/** The person the cli key acts as (a member): tasks it spawns are theirs. */
let memberId: string;
let contractId: string;
let otherContractId: string;
let taskKey: string;
const argsFile = path.join(tempDir("makima-api-args-"), "args.jsonl");

beforeAll(async () => {
  process.env.FAKE_CLAUDE_ARGS_FILE = argsFile;
  server = await startTestServer();
  daemon = startTestDaemon({ serverUrl: server.url, apiKey: await daemonKey() });
  const db = getDb();
  contractId = (await db.contract.create({ data: { name: "API contract", repository: createGitRepo() } })).id;
  otherContractId = (await db.contract.create({ data: { name: "Someone else's", repository: createGitRepo() } })).id;
  memberId = (await createTestUser("member")).id;
  cliKey = (await createApiKey(db, { name: "script", scope: "cli", userId: memberId })).key;
  taskKey = (await createApiKey(db, { name: "task", scope: "task", userId: memberId, contractId })).key;
  await waitFor(async () => (await db.daemon.count({ where: { status: "connected" } })) === 1);
});

afterAll(async () => {
  await daemon?.stop();
  await server?.close();
  delete process.env.FAKE_CLAUDE_ARGS_FILE;
});

/** Calls a route handler with the cli key unless told otherwise. */
function call<P>(route: ApiRoute<P>, params: P, init: Partial<RouteCall> = {}) {
  return callRoute(route, params, { ...init, key: init.key === undefined ? cliKey : init.key });
}

describe("the HTTP API", () => {
  it("refuses a missing, wrong, revoked or daemon key", async () => {
    const daemonOnly = (await createApiKey(getDb(), { name: "d", scope: "daemon", userId: null })).key;
    const revoked = await createApiKey(getDb(), { name: "old", scope: "cli", userId: memberId });
    await getDb().apiKey.update({ where: { id: revoked.id }, data: { revokedAt: new Date() } });

    expect(await call(listContracts, {}, { key: null })).toMatchObject({
      status: 401,
      body: { error: expect.stringMatching(/API key is required/) },
    });
    expect(await call(listContracts, {}, { key: "mk_wrong" })).toEqual({
      status: 401,
      body: { error: "This API key is not valid for the API" },
    });
    expect(await call(listContracts, {}, { key: daemonOnly })).toEqual({
      status: 401,
      body: { error: "This API key is not valid for the API" },
    });
    expect(await call(listContracts, {}, { key: revoked.key })).toEqual({
      status: 401,
      body: { error: "This API key has been revoked" },
    });
  });

  it("spawns a task, lists it, pages its output by seq and shows its diff", async () => {
    const { status, body } = await call(
      spawnTask,
      { id: contractId },
      { method: "POST", body: { name: "Edit", plan: "scenario:edit\nwrite api.txt from the api" } },
    );
    expect(status).toBe(201);
    TaskAnswer.parse(body);
    const taskId = body.task.id;
    expect(body.task).toMatchObject({ name: "Edit", status: "pending", contractId, depth: 0 });

    await waitFor(
      async () => (await call(getTask, { id: taskId })).body.task.status === "completed",
      20_000,
      "the task",
    );
    expect((await call(listTasks, { id: contractId })).body.tasks.map((task: { id: string }) => task.id)).toContain(
      taskId,
    );
    TaskListAnswer.parse((await call(listTasks, { id: contractId })).body);

    const first = await call(getOutput, { id: taskId }, { query: "?limit=2" });
    expect(first.body).toMatchObject({ hasMore: true, nextSeq: 2, status: "completed" });
    expect(first.body.lines.map((line: { seq: number }) => line.seq)).toEqual([1, 2]);
    OutputPage.parse(first.body);
    const rest = await call(getOutput, { id: taskId }, { query: `?afterSeq=${first.body.nextSeq}&limit=5000` });
    expect(rest.body.hasMore).toBe(false);
    expect(rest.body.lines[0].seq).toBe(3);
    expect(await call(getOutput, { id: taskId }, { query: "?afterSeq=-1" })).toMatchObject({ status: 422 });

    const diff = await call(getDiff, { id: taskId });
    expect(diff).toMatchObject({
      status: 200,
      body: { diff: { source: "worktree", files: [{ path: "api.txt", status: "added" }] } },
    });
    DiffAnswer.parse(diff.body);

    const child = await call(
      spawnTask,
      { id: contractId },
      { method: "POST", body: { name: "Sub", plan: "scenario:text", parentTaskId: taskId } },
    );
    expect(child.body.task).toMatchObject({ parentTaskId: taskId, depth: 1 });
  });

  it("says what is wrong with a spawn, and which id is unknown", async () => {
    expect(await call(spawnTask, { id: contractId }, { method: "POST", body: { name: "" } })).toMatchObject({
      status: 422,
      body: {
        issues: expect.arrayContaining([
          { path: "name", message: "Task name is required" },
          { path: "plan", message: "Plan is required" },
        ]),
      },
    });
    expect(await call(spawnTask, { id: contractId }, { method: "POST", body: "{not json" })).toEqual({
      status: 422,
      body: { error: "The request body must be JSON" },
    });
    expect(await call(getContract, { id: "no-such-contract" })).toMatchObject({ status: 404 });
    expect(await call(getTask, { id: "no-such-task" })).toMatchObject({ status: 404 });
    expect(
      await call(spawnTask, { id: "no-such-contract" }, { method: "POST", body: { name: "x", plan: "y" } }),
    ).toMatchObject({ status: 404 });
  });

  it("keeps a task's key to its own contract", async () => {
    expect((await call(listContracts, {}, { key: taskKey })).body.contracts.map((c: { id: string }) => c.id)).toEqual([
      contractId,
    ]);
    ContractListAnswer.parse((await call(listContracts, {})).body);
    expect(await call(getContract, { id: contractId }, { key: taskKey })).toMatchObject({
      status: 200,
      body: { contract: { name: "API contract" } },
    });
    expect(await call(getContract, { id: otherContractId }, { key: taskKey })).toEqual({
      status: 403,
      body: { error: "This task's API key belongs to another contract" },
    });
    expect(
      await call(spawnTask, { id: otherContractId }, { key: taskKey, method: "POST", body: { name: "x", plan: "y" } }),
    ).toMatchObject({ status: 403 });
    // Finished, so that no daemon is handed it (the next test's daemon would be, as it connects).
    const foreign = await getDb().task.create({
      data: { contractId: otherContractId, name: "theirs", plan: "p", status: "completed", createdById: memberId },
    });
    expect(await call(getTask, { id: foreign.id }, { key: taskKey })).toMatchObject({ status: 403 });
    expect(await call(getOutput, { id: foreign.id }, { key: taskKey })).toMatchObject({ status: 403 });
  });

  it("drops a daemon at once when its key is revoked, and refuses it after", async () => {
    const { id, key } = await createApiKey(getDb(), { name: "doomed daemon", scope: "daemon", userId: null });
    const doomed = startTestDaemon({ serverUrl: server.url, apiKey: key, hostname: "doomed" });
    await waitFor(
      async () => (await getDb().daemon.findFirst({ where: { hostname: "doomed", status: "connected" } })) ?? undefined,
    );

    await getDb().apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    getRuntime().apiKeyRevoked(id);

    expect(await doomed.stopped).toEqual({ refused: "Authentication failed: the API key is invalid or revoked" });
    await waitFor(
      async () =>
        (await getDb().daemon.findFirst({ where: { hostname: "doomed", status: "disconnected" } })) ?? undefined,
    );
  });

  it("gives each task a key of its own for its contract, revoked when the task ends, and never the daemon's key", async () => {
    const { body } = await call(
      spawnTask,
      { id: contractId },
      { method: "POST", body: { name: "Keyed", plan: "scenario:text" } },
    );
    const taskId = body.task.id;
    await waitFor(
      async () => (await call(getTask, { id: taskId })).body.task.status === "completed",
      20_000,
      "the task",
    );

    const run = fs
      .readFileSync(argsFile, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { env: Record<string, string> })
      .find((entry) => entry.env.MAKIMA_TASK_ID === taskId)!;
    expect(run.env).toMatchObject({
      MAKIMA_API_URL: server.url,
      MAKIMA_CONTRACT_ID: contractId,
      MAKIMA_TASK_ID: taskId,
    });
    const key = await getDb().apiKey.findUniqueOrThrow({ where: { hash: hashApiKey(run.env.MAKIMA_API_KEY) } });
    // It acts as the person whose key spawned the task.
    expect(key).toMatchObject({ scope: "task", contractId, taskId, userId: memberId });
    await waitFor(
      async () => (await getDb().apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt !== null,
      5_000,
      "the key's revocation",
    );
    expect(await call(getTask, { id: taskId }, { key: run.env.MAKIMA_API_KEY })).toEqual({
      status: 401,
      body: { error: "This API key has been revoked" },
    });
  });
});
