import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listAudit } from "../../app/api/v1/audit/route";
import { POST as completeContract } from "../../app/api/v1/contracts/[id]/complete/route";
import { GET as getContract } from "../../app/api/v1/contracts/[id]/route";
import { GET as contractStatus } from "../../app/api/v1/contracts/[id]/status/route";
import { GET as listTasks, POST as spawnTask } from "../../app/api/v1/contracts/[id]/tasks/route";
import { GET as listContracts } from "../../app/api/v1/contracts/route";
import { GET as listLogins } from "../../app/api/logins/route";
import { GET as listNotifications } from "../../app/api/notifications/route";
import { GET as getTask } from "../../app/api/v1/tasks/[id]/route";
import type { Role } from "../../lib/shared/auth/roles";
import { getDb } from "../../lib/server/db/client";
import { createApiKey, createTaskApiKey } from "../../lib/server/api-keys/api-key-store";
import { createTestUser, signIn } from "../support/auth";
import { callRoute, type ApiRoute } from "../support/api-route";
import { createGitRepo } from "../support/git";
import { startTestServer } from "../support/stack";

/**
 * Who may call the HTTP API: a key acts with its person's role (and not at all once they are disabled); a task's key
 * acts as the person who started the task, at most as a member, on its own contract only. No daemon runs here: spawned
 * tasks stay pending.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let contractId: string;
let otherContractId: string;

beforeAll(async () => {
  server = await startTestServer();
  const db = getDb();
  contractId = (await db.contract.create({ data: { name: "Auth contract", repository: createGitRepo() } })).id;
  otherContractId = (await db.contract.create({ data: { name: "Another contract", repository: createGitRepo() } })).id;
});

afterAll(async () => {
  await server?.close();
});

/** A new person of that role and a cli key acting as them. */
async function person(role: Role) {
  const user = await createTestUser(role);
  const { key } = await createApiKey(getDb(), { name: `${role}'s key`, scope: "cli", userId: user.id });
  return { user, key };
}

/** A task of the contract started by `createdById`, and its key (as the server makes it when it hands the task out). */
async function taskWithKey(createdById: string | null, onContract = contractId) {
  const task = await getDb().task.create({
    data: { contractId: onContract, name: "keyed task", plan: "p", createdById },
  });
  return { task, key: await createTaskApiKey(getDb(), task) };
}

async function disable(userId: string): Promise<void> {
  await getDb().user.update({ where: { id: userId }, data: { disabledAt: new Date() } });
}

const spawn = (key: string, onContract = contractId) =>
  callRoute(spawnTask, { id: onContract }, { key, method: "POST", body: { name: "Spawned", plan: "scenario:text" } });

/** The GETs every role may make. */
async function expectReads(key: string): Promise<void> {
  const reads: [ApiRoute<{ id: string }>, { id: string }][] = [
    [getContract, { id: contractId }],
    [listTasks, { id: contractId }],
    [contractStatus, { id: contractId }],
  ];
  expect(await callRoute(listContracts, {}, { key })).toMatchObject({ status: 200 });
  for (const [route, params] of reads) expect(await callRoute(route, params, { key })).toMatchObject({ status: 200 });
}

describe("API keys act with their person's role", () => {
  it("refuses a disabled person's cli key (401), which worked just before", async () => {
    const { user, key } = await person("member");
    expect(await callRoute(listContracts, {}, { key })).toMatchObject({ status: 200 });
    await disable(user.id);
    expect(await callRoute(listContracts, {}, { key })).toEqual({
      status: 401,
      body: { error: "This API key's account is disabled" },
    });
    expect(await spawn(key)).toMatchObject({ status: 401 });
    expect(await getDb().task.count({ where: { name: "Spawned", createdById: user.id } })).toBe(0);
  });

  it("refuses a cli key that belongs to nobody (401)", async () => {
    const { key } = await createApiKey(getDb(), { name: "ownerless", scope: "cli", userId: null });
    expect(await callRoute(listContracts, {}, { key })).toEqual({
      status: 401,
      body: { error: "This API key belongs to nobody" },
    });
  });

  it("lets a viewer's key read (200) but change nothing (403)", async () => {
    const { user, key } = await person("viewer");
    await expectReads(key);
    const { task } = await taskWithKey(user.id);
    expect(await callRoute(getTask, { id: task.id }, { key })).toMatchObject({
      status: 200,
      body: { task: { id: task.id } },
    });

    expect(await spawn(key)).toEqual({
      status: 403,
      body: { error: "Your role (viewer) may not do this: it needs member or above." },
    });
    expect(await callRoute(completeContract, { id: contractId }, { key, method: "POST" })).toMatchObject({
      status: 403,
    });
    expect(await getDb().task.count({ where: { name: "Spawned", createdById: user.id } })).toBe(0);
    expect((await getDb().contract.findUniqueOrThrow({ where: { id: contractId } })).status).toBe("active");
  });

  it("lets a member's key spawn a task in their name, but not read the audit log (admin)", async () => {
    const { user, key } = await person("member");
    const { status, body } = await spawn(key);
    expect(status).toBe(201);
    expect(await getDb().task.findUniqueOrThrow({ where: { id: body.task.id } })).toMatchObject({
      createdById: user.id,
      status: "pending",
    });
    expect(await callRoute(listAudit, {}, { key })).toMatchObject({ status: 403 });
    expect(await callRoute(listAudit, {}, { key: (await person("admin")).key })).toMatchObject({ status: 200 });
  });
});

describe("request bodies", () => {
  it("are JSON only: a body sent as text/plain (what a cross-site form can send) is refused and changes nothing", async () => {
    const { key } = await person("member");
    const before = await getDb().task.count();
    const request = new Request("http://makima.test/api/v1/x", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "text/plain" },
      body: JSON.stringify({ name: "Sneaky", plan: "echo pwned" }),
    });
    const response = await spawnTask(request, { params: Promise.resolve({ id: contractId }) });
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      error: "The request body must be JSON, sent with Content-Type: application/json",
    });
    expect(await getDb().task.count()).toBe(before);
  });
});

describe("a task's key", () => {
  it("acts as the task's creator, at most as a member: an owner's task may spawn but not read the audit log", async () => {
    const owner = await person("owner");
    expect(await callRoute(listAudit, {}, { key: owner.key })).toMatchObject({ status: 200 });

    const { key } = await taskWithKey(owner.user.id);
    expect(await callRoute(listAudit, {}, { key })).toEqual({
      status: 403,
      body: { error: "Your role (member) may not do this: it needs admin or above." },
    });
    const spawned = await spawn(key);
    expect(spawned.status).toBe(201);
    expect(await getDb().task.findUniqueOrThrow({ where: { id: spawned.body.task.id } })).toMatchObject({
      createdById: owner.user.id,
      contractId,
    });
  });

  it("reaches its own contract only (403 elsewhere, reads and writes alike)", async () => {
    const { user } = await person("member");
    const { key } = await taskWithKey(user.id);
    const foreign = await getDb().task.create({
      data: { contractId: otherContractId, name: "theirs", plan: "p", createdById: user.id },
    });

    expect(await callRoute(getContract, { id: contractId }, { key })).toMatchObject({ status: 200 });
    expect(await callRoute(getContract, { id: otherContractId }, { key })).toEqual({
      status: 403,
      body: { error: "This task's API key belongs to another contract" },
    });
    expect(await callRoute(getTask, { id: foreign.id }, { key })).toMatchObject({ status: 403 });
    expect(await spawn(key, otherContractId)).toMatchObject({ status: 403 });
    expect(await callRoute(completeContract, { id: otherContractId }, { key, method: "POST" })).toMatchObject({
      status: 403,
    });
    expect(await getDb().task.count({ where: { contractId: otherContractId } })).toBe(1);
    expect((await getDb().contract.findUniqueOrThrow({ where: { id: otherContractId } })).status).toBe("active");
  });

  it("does not reach the dashboard's routes beyond its contract (every contract's notifications, the daemons' logins)", async () => {
    const { user } = await person("member");
    const { key } = await taskWithKey(user.id);
    const refused = { status: 403, body: { error: "A task's API key reaches its own contract's routes only" } };
    expect(await callRoute(listNotifications, {}, { key })).toEqual(refused);
    expect(await callRoute(listLogins, {}, { key })).toEqual(refused);
    expect(await callRoute(listNotifications, {}, { key: (await person("viewer")).key })).toMatchObject({
      status: 200,
    });
  });

  it("of a viewer's task stays a viewer: it reads its contract but changes nothing", async () => {
    const { user } = await person("viewer");
    const { key } = await taskWithKey(user.id);
    expect(await callRoute(getContract, { id: contractId }, { key })).toMatchObject({ status: 200 });
    expect(await spawn(key)).toMatchObject({ status: 403 });
  });

  it("is refused once the task's creator is disabled (401), and when the task has no creator", async () => {
    const { user } = await person("member");
    const { key } = await taskWithKey(user.id);
    expect(await callRoute(getContract, { id: contractId }, { key })).toMatchObject({ status: 200 });
    await disable(user.id);
    expect(await callRoute(getContract, { id: contractId }, { key })).toEqual({
      status: 401,
      body: { error: "This API key's account is disabled" },
    });
    expect(await spawn(key)).toMatchObject({ status: 401 });

    const orphan = await taskWithKey(null);
    expect(await callRoute(getContract, { id: contractId }, { key: orphan.key })).toEqual({
      status: 401,
      body: { error: "This API key belongs to nobody" },
    });
  });
});

describe("a browser session on the API", () => {
  /** Calls a route with the session cookie instead of a key, as the dashboard does. */
  async function withCookie<P>(route: ApiRoute<P>, params: P, cookie: string, method = "GET") {
    const body = method === "GET" ? undefined : JSON.stringify({ name: "Spawned", plan: "scenario:text" });
    const request = new Request("http://makima.test/api/v1/x", {
      method,
      headers: { cookie, "content-type": "application/json" },
      body,
    });
    const response = await route(request, { params: Promise.resolve(params) });
    return { status: response.status, body: await response.json() };
  }

  it("acts with the person's role, and not at all once they are disabled", async () => {
    const viewer = await createTestUser("viewer");
    const cookie = await signIn(viewer.email);
    expect(await withCookie(getContract, { id: contractId }, cookie)).toMatchObject({ status: 200 });
    expect(await withCookie(spawnTask, { id: contractId }, cookie, "POST")).toMatchObject({ status: 403 });
    await disable(viewer.id);
    expect(await withCookie(getContract, { id: contractId }, cookie)).toMatchObject({ status: 401 });
  });

  it("refuses a forged cookie and no credentials at all (401)", async () => {
    expect(await withCookie(getContract, { id: contractId }, "better-auth.session_token=forged.value")).toMatchObject({
      status: 401,
    });
    expect(await callRoute(getContract, { id: contractId }, { key: null })).toMatchObject({
      status: 401,
      body: { error: expect.stringMatching(/API key is required/) },
    });
  });
});
