import fs from "node:fs";
import path from "node:path";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../lib/server/db/client";
import { UiEvent, type DaemonLoginEvent, type NotificationEvent } from "../../lib/shared/protocol/ui";
import { listNotifications } from "../../lib/server/notifications/list-notifications";
import { getRuntime } from "../../lib/server/runtime";
import { restartTask } from "../../lib/server/tasks/restart-task";
import { signedInUser, uiSocket } from "../support/auth";
import { createGitRepo, tempDir } from "../support/git";
import { daemonKey, startTestDaemon, startTestServer, waitFor } from "../support/stack";
import type { LoginStatus } from "../../lib/generated/prisma/enums";

/** The link in test/fixtures/claude/setup-token.pty.txt, which the fake `claude setup-token` prints like the real one. */
const FIXTURE_LOGIN_URL = "https://claude.ai/oauth/authorize?I4ISIH366-rOV8Oa-cUfPenn17uS85Ue9_bJp_FuPaX4";

let server: Awaited<ReturnType<typeof startTestServer>>;
let daemon: ReturnType<typeof startTestDaemon>;
let apiKey: string;
let repo: string;
let argsFile: string;
/** The signed-in member whose two browsers watch the notifications, and who restarts the task. */
let memberId: string;
const browsers: Socket[] = [];
const seen: { created: NotificationEvent[]; dismissed: string[][]; logins: DaemonLoginEvent[] }[] = [];

function daemonEnv(): Record<string, string> {
  return { MAKIMA_LOGIN_URL_TIMEOUT_MS: "2000" };
}

beforeAll(async () => {
  argsFile = path.join(tempDir("makima-args-"), "args.jsonl");
  process.env.FAKE_CLAUDE_ARGS_FILE = argsFile;
  server = await startTestServer();
  apiKey = await daemonKey();
  daemon = startTestDaemon({ serverUrl: server.url, apiKey, env: daemonEnv() });
  repo = createGitRepo();
  const { user, cookie } = await signedInUser("member");
  memberId = user.id;
  for (let i = 0; i < 2; i++) {
    const socket = uiSocket(server.url, cookie);
    const log = { created: [] as NotificationEvent[], dismissed: [] as string[][], logins: [] as DaemonLoginEvent[] };
    socket.on(UiEvent.notificationCreated, (event: NotificationEvent) => log.created.push(event));
    socket.on(UiEvent.notificationsDismissed, (event: { ids: string[] }) => log.dismissed.push(event.ids));
    socket.on(UiEvent.loginUpdated, (event: DaemonLoginEvent) => log.logins.push(event));
    await new Promise((joined) => socket.emit(UiEvent.subscribeNotifications, joined));
    browsers.push(socket);
    seen.push(log);
  }
  await daemonConnected();
});

afterAll(async () => {
  for (const socket of browsers) socket.close();
  await daemon?.stop();
  await server?.close();
  delete process.env.FAKE_CLAUDE_ARGS_FILE;
  delete process.env.FAKE_CLAUDE_SETUP_TOKEN;
});

beforeEach(() => {
  delete process.env.FAKE_CLAUDE_SETUP_TOKEN;
});

const daemonConnected = () =>
  waitFor(async () => (await getDb().daemon.count({ where: { status: "connected" } })) === 1, 20_000, "the daemon");

async function runTask(plan: string, status = "failed") {
  const db = getDb();
  const contract = await db.contract.create({ data: { name: "login", repository: repo } });
  const task = await db.task.create({ data: { contractId: contract.id, name: `Task ${plan}`, plan } });
  await getRuntime().scheduleTasks();
  return waitFor(
    async () => {
      const row = await db.task.findUniqueOrThrow({ where: { id: task.id } });
      return row.status === status ? row : undefined;
    },
    20_000,
    `the task to be ${status}`,
  );
}

const loginFor = (taskId: string, status: LoginStatus) =>
  waitFor(
    async () => (await getDb().daemonLogin.findFirst({ where: { taskId, status } })) ?? undefined,
    20_000,
    `a ${status} login`,
  );

const setupTokenRuns = () =>
  fs.existsSync(argsFile)
    ? fs
        .readFileSync(argsFile, "utf8")
        .split("\n")
        .filter((line) => line.includes('"setup-token"')).length
    : 0;

describe("notifications and the remote Claude login", () => {
  it("a lost login brings a link from claude setup-token; the pasted code logs in; the restarted task runs", async () => {
    const task = await runTask("scenario:needs-login");
    const login = await loginFor(task.id, "waiting");
    expect(login.loginUrl).toBe(FIXTURE_LOGIN_URL);

    for (const log of seen) {
      await waitFor(() => log.created.find((event) => event.kind === "login_required" && event.taskId === task.id));
      expect(log.created.find((event) => event.kind === "login_required")).toMatchObject({
        title: "Claude login required on test-daemon",
        loginUrl: FIXTURE_LOGIN_URL,
        contractId: task.contractId,
      });
      await waitFor(() => log.created.find((event) => event.kind === "task_failed" && event.taskId === task.id));
      expect(log.logins.find((event) => event.id === login.id)).toMatchObject({
        status: "waiting",
        hostname: "test-daemon",
      });
    }

    const result = await getRuntime().submitLoginCode(login.id, "good-code#123");

    expect(result).toMatchObject({ ok: true });
    expect(await getDb().daemonLogin.findUniqueOrThrow({ where: { id: login.id } })).toMatchObject({
      status: "succeeded",
    });
    // Logged in: the login's notification has done its job.
    expect(await getDb().notification.count({ where: { kind: "login_required", dismissedAt: null } })).toBe(0);
    await waitFor(() => seen[1].logins.some((event) => event.id === login.id && event.status === "succeeded"));
    expect(seen[1].logins.filter((event) => event.id === login.id).map((event) => event.status)).toEqual([
      "waiting",
      "submitting",
      "succeeded",
    ]);
    expect(await getRuntime().submitLoginCode(login.id, "again")).toEqual({
      ok: false,
      error: "This login is not waiting for a code (it is succeeded)",
    });

    // The token the login gave reaches claude from now on: the same plan, restarted, runs.
    const token = fs.readFileSync(path.join(daemon.dataDir, "claude-oauth-token"), "utf8");
    expect(token).toMatch(/^sk-ant-oat01-fake/);
    const restarted = await restartTask({ taskId: task.id }, memberId);
    expect(restarted).toMatchObject({
      name: task.name,
      plan: task.plan,
      contractId: task.contractId,
      createdById: memberId,
    });
    await waitFor(
      async () => (await getDb().task.findUniqueOrThrow({ where: { id: restarted.id } })).status === "completed",
      20_000,
      "the restarted task",
    );
  });

  it("a refused code is reported, and a second failure while a login waits starts no second setup-token", async () => {
    const before = setupTokenRuns();
    const first = await runTask("scenario:not-logged-in");
    const login = await loginFor(first.id, "waiting");
    const second = await runTask("scenario:not-logged-in");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(setupTokenRuns()).toBe(before + 1);
    expect(await getDb().daemonLogin.count({ where: { taskId: second.id } })).toBe(0);

    const result = await getRuntime().submitLoginCode(login.id, "bad-code");

    expect(result.ok).toBe(false);
    expect(await getDb().daemonLogin.findUniqueOrThrow({ where: { id: login.id } })).toMatchObject({
      status: "failed",
    });
  });

  it.each(["hang", "exit", "no-url"])(
    "a setup-token that does %s ends in the fallback message, not a stuck banner",
    async (behaviour) => {
      process.env.FAKE_CLAUDE_SETUP_TOKEN = behaviour;
      const task = await runTask("scenario:not-logged-in");
      const login = await loginFor(task.id, "manual");
      expect(login).toMatchObject({
        loginUrl: null,
        message: "Authentication required on daemon (test-daemon). Please run 'claude /login' on the daemon machine.",
      });
      expect(await getRuntime().submitLoginCode(login.id, "code")).toEqual({
        ok: false,
        error: "This login is not waiting for a code (it is manual)",
      });
    },
  );

  it("tells of completed tasks, dismisses in every browser, and tells of a daemon that left and came back", async () => {
    const task = await runTask("scenario:text", "completed");
    const notice = await waitFor(() =>
      seen[0].created.find((event) => event.kind === "task_completed" && event.taskId === task.id),
    );

    // The member's dismissal reaches both of their browsers, and leaves everyone else's panel as it was.
    const other = await signedInUser("viewer");
    const otherSocket = uiSocket(server.url, other.cookie);
    const otherDismissed: string[][] = [];
    otherSocket.on(UiEvent.notificationsDismissed, (event: { ids: string[] }) => otherDismissed.push(event.ids));
    await new Promise((joined) => otherSocket.emit(UiEvent.subscribeNotifications, joined));
    expect(await getRuntime().dismissNotifications(memberId, [notice.id])).toEqual([notice.id]);
    for (const log of seen) await waitFor(() => log.dismissed.some((ids) => ids.includes(notice.id)));
    await getRuntime().dismissNotifications(memberId, "all");
    expect(await listNotifications(memberId)).toEqual([]);
    expect((await listNotifications(other.user.id)).map((n) => n.id)).toContain(notice.id);
    expect(otherDismissed).toEqual([]);
    otherSocket.close();

    await daemon.stop();
    await waitFor(
      () => seen[0].created.find((event) => event.kind === "daemon_disconnected"),
      15_000,
      "the disconnect notice",
    );
    daemon = startTestDaemon({ serverUrl: server.url, apiKey, dataDir: daemon.dataDir, env: daemonEnv() });
    const back = await waitFor(
      () => seen[1].created.find((event) => event.kind === "daemon_reconnected"),
      15_000,
      "the return notice",
    );
    expect(back.title).toBe("Daemon test-daemon is back");
  });
});
