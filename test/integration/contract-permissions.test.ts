import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getContract } from "../../app/api/v1/contracts/[id]/route";
import { POST as spawnTask } from "../../app/api/v1/contracts/[id]/tasks/route";
import { POST as createContract } from "../../app/api/v1/contracts/route";
import { ContractAnswer } from "../../lib/shared/api/schemas";
import { createApiKey } from "../../lib/server/api-keys/api-key-store";
import type { Actor } from "../../lib/server/auth/actor";
import { addAllowRule, readAllowRules, removeAllowRule } from "../../lib/server/contracts/allow-rules";
import { getDb } from "../../lib/server/db/client";
import { createTestUser, personKey } from "../support/auth";
import { callRoute, type ApiRoute, type RouteCall } from "../support/api-route";
import { createGitRepo } from "../support/git";
import { startTestServer } from "../support/stack";

let server: Awaited<ReturnType<typeof startTestServer>>;
let memberKey: string;
let member: Actor;
let repository: string;

beforeAll(async () => {
  server = await startTestServer();
  const user = await createTestUser("member");
  member = { userId: user.id, email: user.email, role: "member", via: "session", ipAddress: null };
  memberKey = (await createApiKey(getDb(), { name: "script", scope: "cli", userId: user.id })).key;
  repository = createGitRepo();
});

afterAll(() => server?.close());

function call<P>(route: ApiRoute<P>, params: P, init: Partial<RouteCall> = {}) {
  return callRoute(route, params, { ...init, key: init.key === undefined ? memberKey : init.key });
}

const post = (body: unknown, key?: string) => call(createContract, {}, { method: "POST", body, key });

/** A contract made through the API, by its id. */
async function contractMade(fields: Record<string, unknown> = {}): Promise<string> {
  const { status, body } = await post({ name: "Permissions", repository, ...fields });
  expect(status).toBe(201);
  return ContractAnswer.parse(body).contract.id;
}

describe("POST /api/v1/contracts", () => {
  it("creates an active contract with its permission mode, allowed tools and deadline", async () => {
    const { status, body } = await post({
      name: "Careful work",
      repository,
      baseBranch: "main",
      permissionMode: "default",
      allowRules: [" Bash(npm test:*) ", "Edit", "Edit", "WebFetch(domain:example.com)"],
      denyUnansweredAfterMinutes: 30,
    });
    expect(status).toBe(201);
    const { contract } = ContractAnswer.parse(body);
    expect(contract).toMatchObject({
      name: "Careful work",
      status: "active",
      permissionMode: "default",
      allowRules: ["Bash(npm test:*)", "Edit", "WebFetch(domain:example.com)"],
      denyUnansweredAfterMinutes: 30,
    });
    const row = await getDb().contract.findUniqueOrThrow({ where: { id: contract.id } });
    expect(JSON.parse(row.allowRules)).toEqual(["Bash(npm test:*)", "Edit", "WebFetch(domain:example.com)"]);
    expect((await call(getContract, { id: contract.id })).body).toEqual({ contract });
    expect(
      await getDb().auditEvent.findFirst({ where: { action: "contract.create", targetId: contract.id } }),
    ).toMatchObject({ summary: "Created contract “Careful work”" });
  });

  it("asks before commands, allows edits, and waits for answers unless told otherwise", async () => {
    const { body } = await post({ name: "Defaults", repository });
    expect(body.contract).toMatchObject({
      permissionMode: "acceptEdits",
      allowRules: [],
      denyUnansweredAfterMinutes: null,
      baseBranch: "main",
      completionAction: "none",
    });
  });

  it("refuses a rule that is not one with 422, naming it, and saves nothing", async () => {
    const before = await getDb().contract.count();
    const { status, body } = await post({ name: "Bad rule", repository, allowRules: ["Edit", "Bash(npm test"] });
    expect(status).toBe(422);
    expect(body).toEqual({
      error: '"Bash(npm test" opens a parenthesis it does not close at the end.',
      issues: [{ path: "allowRules.1", message: '"Bash(npm test" opens a parenthesis it does not close at the end.' }],
    });
    expect(await post({ name: "Lines", repository, allowRules: "Edit" })).toMatchObject({
      status: 422,
      body: { issues: [{ path: "allowRules", message: expect.stringMatching(/must be an array of rules/) }] },
    });
    expect(await post({ name: "Mode", repository, permissionMode: "dontAsk" })).toMatchObject({
      status: 422,
      body: { issues: [{ path: "permissionMode" }] },
    });
    expect(await post({ name: "Deadline", repository, denyUnansweredAfterMinutes: 0 })).toMatchObject({
      status: 422,
      body: { issues: [{ path: "denyUnansweredAfterMinutes" }] },
    });
    expect(await getDb().contract.count()).toBe(before);
  });

  it("refuses a viewer, a task's key and a caller without a key", async () => {
    const viewer = await post({ name: "Viewer's", repository }, await personKey("viewer"));
    expect(viewer).toMatchObject({ status: 403, body: { error: expect.stringMatching(/^Your role \(viewer\)/) } });
    const contractId = await contractMade();
    const taskKey = (await createApiKey(getDb(), { name: "task", scope: "task", userId: member.userId, contractId }))
      .key;
    expect(await post({ name: "Task's", repository }, taskKey)).toMatchObject({ status: 403 });
    expect(
      await call(createContract, {}, { method: "POST", body: { name: "x", repository }, key: null }),
    ).toMatchObject({ status: 401 });
    expect(await getDb().contract.count({ where: { name: { in: ["Viewer's", "Task's", "x"] } } })).toBe(0);
  });
});

describe("a contract's allowed tools", () => {
  it("keeps both rules when two are added at once, and each only once", async () => {
    const contractId = await contractMade({ allowRules: ["Edit"] });
    const answers = await Promise.all([
      addAllowRule({ contractId, rule: "Bash(npm test:*)" }, member),
      addAllowRule({ contractId, rule: "WebFetch(domain:example.com)" }, member),
      addAllowRule({ contractId, rule: "Bash(npm test:*)" }, member),
      addAllowRule({ contractId, rule: " Read(./src/**) " }, member),
    ]);
    const rules = readAllowRules(await getDb().contract.findUniqueOrThrow({ where: { id: contractId } }));
    expect([...rules].sort()).toEqual(["Bash(npm test:*)", "Edit", "Read(./src/**)", "WebFetch(domain:example.com)"]);
    expect(rules[0]).toBe("Edit");
    // Each answer is the list as that change left it: with its own rule, and all of them for the last one written.
    expect(answers[0]).toContain("Bash(npm test:*)");
    expect(answers[1]).toContain("WebFetch(domain:example.com)");
    expect(answers[3]).toContain("Read(./src/**)");
    expect(Math.max(...answers.map((answer) => answer.length))).toBe(4);
    const added = await getDb().auditEvent.findMany({
      where: { action: "contract.allow_rule_add", targetId: contractId },
    });
    expect(added.map((event) => event.summary).sort()).toEqual([
      "Allowed “Bash(npm test:*)” without asking",
      "Allowed “Read(./src/**)” without asking",
      "Allowed “WebFetch(domain:example.com)” without asking",
    ]);
    expect(added[0]).toMatchObject({ actorId: member.userId, actorLabel: member.email, targetType: "contract" });
  });

  it("removes a rule, and answers the list unchanged for one not there", async () => {
    const contractId = await contractMade({ allowRules: ["Edit", "Bash(npm test:*)"] });
    expect(await removeAllowRule({ contractId, rule: "Edit" }, member)).toEqual(["Bash(npm test:*)"]);
    expect(await removeAllowRule({ contractId, rule: "Edit" }, member)).toEqual(["Bash(npm test:*)"]);
    expect((await call(getContract, { id: contractId })).body.contract.allowRules).toEqual(["Bash(npm test:*)"]);
    expect(
      await getDb().auditEvent.count({ where: { action: "contract.allow_rule_remove", targetId: contractId } }),
    ).toBe(1);
  });

  it("refuses a rule that is not one, and an unknown contract", async () => {
    const contractId = await contractMade();
    await expect(addAllowRule({ contractId, rule: "Bash(npm" }, member)).rejects.toMatchObject({
      code: "invalid",
      message: '"Bash(npm" opens a parenthesis it does not close at the end.',
    });
    await expect(addAllowRule({ contractId: "nope", rule: "Edit" }, member)).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(removeAllowRule({ contractId: "nope", rule: "Edit" }, member)).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("reads a corrupt column as no rules, and says so in the log", () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      for (const allowRules of ["not json", '{"a":1}', '["Edit", 3]', "null"]) {
        expect(readAllowRules({ allowRules })).toEqual([]);
      }
      expect(logged).toHaveBeenCalledTimes(4);
      expect(String(logged.mock.calls[0]?.[0])).toMatch(/not a JSON array of strings/);
      expect(readAllowRules({ allowRules: '["Edit"]' })).toEqual(["Edit"]);
      expect(logged).toHaveBeenCalledTimes(4);
    } finally {
      logged.mockRestore();
    }
  });
});

describe("a task's permission mode", () => {
  it("is its contract's when the task is made, whatever the contract says later", async () => {
    const contractId = await contractMade({ permissionMode: "plan" });
    const first = await call(spawnTask, { id: contractId }, { method: "POST", body: { name: "A", plan: "p" } });
    expect(first.status).toBe(201);
    await getDb().contract.update({ where: { id: contractId }, data: { permissionMode: "default" } });
    const second = await call(spawnTask, { id: contractId }, { method: "POST", body: { name: "B", plan: "p" } });
    const modes = await getDb().task.findMany({
      where: { id: { in: [first.body.task.id, second.body.task.id] } },
      select: { name: true, permissionMode: true },
      orderBy: { name: "asc" },
    });
    expect(modes).toEqual([
      { name: "A", permissionMode: "plan" },
      { name: "B", permissionMode: "default" },
    ]);
  });
});
