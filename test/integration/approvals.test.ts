import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerApproval } from "../../lib/server/approvals/answer-approval";
import type { Actor } from "../../lib/server/auth/actor";
import { readAllowRules } from "../../lib/server/contracts/allow-rules";
import { getDb } from "../../lib/server/db/client";
import { getRuntime } from "../../lib/server/runtime";
import type { PermissionMode } from "../../lib/shared/protocol/daemon";
import { ROOT_WITHOUT_SANDBOX } from "../../daemon/claude/permissions";
import * as answerRoute from "../../app/api/v1/approvals/[id]/answer/route";
import * as listRoute from "../../app/api/v1/tasks/[id]/approvals/route";
import { createTaskApiKey } from "../../lib/server/api-keys/api-key-store";
import { callRoute } from "../support/api-route";
import { createTestUser, personKey } from "../support/auth";
import { CuttableProxy } from "../support/cuttable-proxy";
import { createGitRepo } from "../support/git";
import { daemonKey, startTestDaemon, startTestServer, taskEnded, waitFor } from "../support/stack";

/**
 * claude's permission requests end to end: the fake claude asks on its stdio (it does only with
 * --permission-prompt-tool stdio, as the real one), the daemon passes each request on, the server keeps it, a
 * person's answer goes back to claude. The daemon connects through a proxy the tests can cut.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let daemon: ReturnType<typeof startTestDaemon>;
let proxy: CuttableProxy;
let repo: string;
let person: Actor;

beforeAll(async () => {
  server = await startTestServer();
  proxy = new CuttableProxy(server.port);
  daemon = startTestDaemon({ serverUrl: await proxy.start(), apiKey: await daemonKey(), maxTasks: 4 });
  repo = createGitRepo();
  const user = await createTestUser("member");
  person = { userId: user.id, email: user.email, role: "member", via: "session", ipAddress: null };
  await waitFor(async () => (await getDb().daemon.count({ where: { status: "connected" } })) === 1);
});

afterAll(async () => {
  await daemon?.stop();
  await proxy?.close();
  await server?.close();
});

async function startTask(plan: string, permissionMode: PermissionMode = "default", contractId?: string) {
  const db = getDb();
  const contract = contractId
    ? await db.contract.findUniqueOrThrow({ where: { id: contractId } })
    : await db.contract.create({ data: { name: "approvals", repository: repo, permissionMode } });
  const task = await db.task.create({
    data: { contractId: contract.id, name: plan.split("\n")[0], plan, permissionMode: contract.permissionMode },
  });
  await getRuntime().scheduleTasks();
  return task;
}

const pendingApproval = (taskId: string) =>
  waitFor(
    async () => (await getDb().approvalRequest.findFirst({ where: { taskId, status: "pending" } })) ?? undefined,
    20_000,
    "a request",
  );
const output = async (taskId: string) =>
  (await getDb().taskOutput.findMany({ where: { taskId }, orderBy: { seq: "asc" } })).map((row) => row.line).join("\n");

describe("approvals", () => {
  it("keeps claude waiting for a person, shows it, and runs the command once allowed", async () => {
    const task = await startTask("scenario:ask-bash\nrun echo approved-run");
    const approval = await pendingApproval(task.id);
    expect(approval).toMatchObject({ kind: "tool", toolName: "Bash" });
    expect(JSON.parse(approval.input)).toMatchObject({ command: "echo approved-run" });
    await waitFor(
      async () => (await getDb().task.findUniqueOrThrow({ where: { id: task.id } })).status === "waiting_for_approval",
    );
    expect(await getDb().notification.findFirst({ where: { taskId: task.id } })).toMatchObject({
      kind: "approval_needed",
      title: "Claude needs your approval",
    });

    expect(await answerApproval({ approvalId: approval.id, decision: "allow" }, person)).toMatchObject({
      status: "allowed",
      answeredBy: person.email,
    });
    expect((await taskEnded(task.id)).status).toBe("completed");
    expect(await output(task.id)).toContain("Ran: echo approved-run");
    expect(await getDb().approvalRequest.findUniqueOrThrow({ where: { id: approval.id } })).toMatchObject({
      status: "allowed",
      deliveredAt: expect.any(Date),
    });
    expect(
      await getDb().auditEvent.findFirst({ where: { action: "approval.answer", targetId: task.id } }),
    ).toBeTruthy();
  });

  it("denies with the person's message, which claude reads", async () => {
    const task = await startTask("scenario:ask-bash\nrun echo never");
    const approval = await pendingApproval(task.id);
    await answerApproval({ approvalId: approval.id, decision: "deny", message: "Not on this branch" }, person);
    await taskEnded(task.id);
    expect(await output(task.id)).toContain("Did not run: echo never (Not on this branch)");
  });

  it("Allow always adds the rule to the contract, gives it to claude, and the next task is not asked", async () => {
    const first = await startTask("scenario:ask-bash\nrun echo always");
    const approval = await pendingApproval(first.id);
    await answerApproval({ approvalId: approval.id, decision: "allow_always" }, person);
    await taskEnded(first.id);
    const contract = await getDb().contract.findUniqueOrThrow({ where: { id: first.contractId } });
    expect(readAllowRules(contract)).toEqual(["Bash(echo:*)"]);
    expect(
      JSON.parse((await getDb().approvalRequest.findUniqueOrThrow({ where: { id: approval.id } })).answer!),
    ).toMatchObject({
      updatedPermissions: [
        {
          type: "addRules",
          rules: [{ toolName: "Bash", ruleContent: "echo:*" }],
          behavior: "allow",
          destination: "session",
        },
      ],
    });

    const second = await startTask("scenario:ask-bash\nrun echo again", "default", first.contractId);
    expect((await taskEnded(second.id)).status).toBe("completed");
    expect(await output(second.id)).toContain("Ran: echo again");
    expect(await getDb().approvalRequest.count({ where: { taskId: second.id } })).toBe(0);
  });

  it("takes the first of two answers at once; the second is told who answered", async () => {
    const task = await startTask("scenario:ask-bash\nrun echo raced");
    const approval = await pendingApproval(task.id);
    const answers = await Promise.allSettled([
      answerApproval({ approvalId: approval.id, decision: "allow" }, person),
      answerApproval({ approvalId: approval.id, decision: "deny", message: "late" }, person),
    ]);
    expect(answers.filter((answer) => answer.status === "fulfilled")).toHaveLength(1);
    const refused = answers.find((answer) => answer.status === "rejected");
    expect(String(refused?.reason)).toMatch(/already answered \(.+\)/);
    await taskEnded(task.id);
    await expect(answerApproval({ approvalId: approval.id, decision: "allow" }, person)).rejects.toThrow(
      /already answered/,
    );
  });

  it("never takes an answer from a task's key", async () => {
    const task = await startTask("scenario:ask-bash\nrun echo keyed");
    const approval = await pendingApproval(task.id);
    const agent: Actor = { ...person, via: "task_key", contractId: task.contractId, taskId: task.id };
    await expect(answerApproval({ approvalId: approval.id, decision: "allow" }, agent)).rejects.toThrow(/task's key/);
    await answerApproval({ approvalId: approval.id, decision: "deny" }, person);
    await taskEnded(task.id);
  });

  it("answers over the API with a person's key; a task's key and a viewer are refused", async () => {
    const task = await startTask("scenario:ask-bash\nrun echo over-http");
    const approval = await pendingApproval(task.id);
    const post = (key: string, body: object) =>
      callRoute(answerRoute.POST, { id: approval.id }, { key, method: "POST", body });
    const taskKey = await createTaskApiKey(getDb(), { ...task, createdById: person.userId });
    expect((await post(taskKey, { decision: "allow" })).status).toBe(403);
    expect((await post(await personKey("viewer"), { decision: "allow" })).status).toBe(403);
    expect((await post(await personKey("member"), { decision: "maybe" })).status).toBe(422);

    const listed = await callRoute(listRoute.GET, { id: task.id }, { key: taskKey });
    expect(listed.body.approvals).toMatchObject([{ id: approval.id, status: "pending", toolName: "Bash" }]);

    const answered = await post(await personKey("member"), { decision: "allow" });
    expect(answered).toMatchObject({ status: 200, body: { approval: { status: "allowed" } } });
    expect((await post(await personKey("member"), { decision: "deny" })).status).toBe(409);
    expect(await output((await taskEnded(task.id)).id)).toContain("Ran: echo over-http");
  });

  it("withdraws the card when claude cancels its request", async () => {
    const task = await startTask("scenario:ask-cancel");
    await taskEnded(task.id);
    expect(await getDb().approvalRequest.findFirstOrThrow({ where: { taskId: task.id } })).toMatchObject({
      status: "cancelled",
      answeredBy: "claude withdrew it",
    });
    expect(await output(task.id)).toContain("Cancelled the request");
  });

  it("answers a request Makima does not handle with an error, so claude does not hang", async () => {
    const task = await startTask("scenario:ask-unknown");
    expect((await taskEnded(task.id)).status).toBe("completed");
    expect(await output(task.id)).toContain('Host refused: Makima does not handle \\"request_user_dialog\\" requests');
    expect(await output(task.id)).toMatch(/claude asked something Makima cannot answer \(request_user_dialog\)/);
  });

  it("keeps the request while the daemon's connection is cut, and carries an answer given meanwhile", async () => {
    const task = await startTask("scenario:ask-bash\nrun echo after-the-cut");
    const approval = await pendingApproval(task.id);
    proxy.cut();
    await waitFor(async () => (await getDb().daemon.count({ where: { status: "disconnected" } })) === 1);
    await answerApproval({ approvalId: approval.id, decision: "allow" }, person);
    expect((await getDb().approvalRequest.findUniqueOrThrow({ where: { id: approval.id } })).deliveredAt).toBeNull();
    proxy.restore();
    expect((await taskEnded(task.id)).status).toBe("completed");
    expect(await output(task.id)).toContain("Ran: echo after-the-cut");
    expect(await getDb().approvalRequest.count({ where: { taskId: task.id } })).toBe(1);
  });

  it("denies a request left unanswered past the contract's deadline, and claude reads why", async () => {
    const task = await startTask("scenario:ask-bash\nrun echo unattended");
    await getDb().contract.update({ where: { id: task.contractId }, data: { denyUnansweredAfterMinutes: 5 } });
    const approval = await pendingApproval(task.id);
    await server.expireOverdueApprovals(new Date(Date.now() + 4 * 60_000));
    expect((await getDb().approvalRequest.findUniqueOrThrow({ where: { id: approval.id } })).status).toBe("pending");
    await server.expireOverdueApprovals(new Date(Date.now() + 6 * 60_000));
    expect((await taskEnded(task.id)).status).toBe("completed");
    expect(await getDb().approvalRequest.findUniqueOrThrow({ where: { id: approval.id } })).toMatchObject({
      status: "expired",
      answeredBy: "no answer within 5 min",
    });
    expect(await output(task.id)).toContain("Did not run: echo unattended (No one answered within 5 min");
  });

  it.runIf(process.getuid?.() === 0)(
    "fails an Allow everything task at once on a root daemon without the sandbox, saying the ways out",
    async () => {
      const task = await startTask("scenario:text", "bypassPermissions");
      const ended = await taskEnded(task.id);
      expect(ended).toMatchObject({ status: "failed", error: ROOT_WITHOUT_SANDBOX });
    },
  );
});
