import "server-only";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Server as SocketServer } from "socket.io";
import { getDb } from "./db/client";
import { databaseUrl, sqliteFilePath } from "../shared/data-location";
import { migrateDatabase } from "./db/migrate";
import { DAEMON_NAMESPACE } from "../shared/protocol/daemon";
import { UI_NAMESPACE } from "../shared/protocol/ui";
import type { ServerConfig } from "./config";
import { revokeTaskApiKeys } from "./api-keys/api-key-store";
import { createOwnerFromEnvironment, issueSetupToken } from "./auth/accounts";
import { sessionActor } from "./auth/actor";
import { configureAuth } from "./auth/auth";
import { ensureAuthSecret } from "./auth/auth-secret";
import { DaemonHub } from "./daemon-hub";
import { DaemonLogins } from "./logins/daemon-logins";
import { Notifier } from "./notifications/notifier";
import { OrphanWorktrees } from "./daemons/orphan-worktrees";
import { LiveOutput } from "./live-output";
import { SqliteOutputStore } from "./output-stores/sqlite-output-store";
import { exposureWarning, guardRequests, type RequestGuard } from "./request-guard";
import { installRuntime } from "./runtime";
import { endSupervisorOfClosedContract } from "./tasks/stop-task";
import { TaskInspection } from "./tasks/task-inspection";
import { TaskLifecycle } from "./tasks/task-lifecycle";
import { TaskScheduler } from "./tasks/task-scheduler";
import { UiHub } from "./ui-hub";
import { WorktreeCleanups } from "./worktree-cleanups";
import { Approvals } from "./approvals/approvals";
import { UsageLimitResumes } from "./tasks/usage-limit-resumes";
import type { Task } from "../generated/prisma/client";
import { toTaskUpdatedEvent } from "../shared/protocol/task-event";
import { AnswerApprovalReply } from "../shared/protocol/daemon";

export const PROJECT_ROOT = path.resolve(import.meta.dirname, "../..");

/** How often unanswered requests are checked against their contract's deadline. */
const APPROVAL_DEADLINE_CHECK_MS = 30_000;

const logError = (what: string) => (error: unknown) => console.error(`[server] ${what} failed:`, error);

export interface RunningServer {
  /** The base URL browsers and daemons use, e.g. http://127.0.0.1:3000. */
  url: string;
  port: number;
  /** Host and origin checks every request passed; isAllowedOrigin is what the `/ui` socket checks too. */
  guard: RequestGuard;
  /** While the database holds no account: the one-time link that makes the first owner. */
  setupUrl: string | null;
  /** Denies the requests past their contract's deadline now (the server checks every 30 s; a test says when). */
  expireOverdueApprovals(now?: Date): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts `makima server`: migrates the database, then serves Next.js and Socket.IO (`/daemon`, `/ui`)
 * on one port. With `withNext: false` only the sockets are served (integration tests, benchmarks).
 */
export async function startServer(config: ServerConfig, withNext = true): Promise<RunningServer> {
  const dbUrl = databaseUrl();
  const migration = migrateDatabase(dbUrl);
  if (migration.applied.length) console.log(`[server] applied migrations: ${migration.applied.join(", ")}`);
  const db = getDb();
  await ensureAuthSecret(db);
  const createdOwner = await createOwnerFromEnvironment(db, process.env);
  if (createdOwner) console.log(`[server] created the owner account ${createdOwner} (MAKIMA_ADMIN_EMAIL)`);

  let handleRequest: (req: IncomingMessage, res: ServerResponse) => unknown = (_req, res) => res.writeHead(404).end();
  let handleUpgrade: ((req: IncomingMessage, socket: import("node:stream").Duplex, head: Buffer) => void) | undefined;
  if (withNext) {
    const { default: next } = await import("next");
    const app = next({ dev: config.dev, dir: PROJECT_ROOT, hostname: config.host, port: config.port });
    await app.prepare();
    handleRequest = app.getRequestHandler();
    if (config.dev) handleUpgrade = app.getUpgradeHandler();
  }

  const httpServer = createServer((req, res) => void handleRequest(req, res));
  const guard = guardRequests(httpServer, config);
  const io = new SocketServer(httpServer, {
    maxHttpBufferSize: 64 * 1024 * 1024,
    pingInterval: 10_000,
    pingTimeout: 10_000,
    // Leave other upgrade requests (Next.js hot reload in dev) to Next.js.
    destroyUpgrade: false,
  });
  if (handleUpgrade) {
    httpServer.on("upgrade", (req, socket, head) => {
      if (!req.url?.startsWith("/socket.io")) handleUpgrade(req, socket, head);
    });
  }

  // Output goes to browsers as it arrives, and into the database behind the OutputStore interface.
  const output = new LiveOutput(new SqliteOutputStore(db, sqliteFilePath(dbUrl)), (taskId, lines) =>
    ui.publishOutput(taskId, lines),
  );
  const ui = new UiHub(io.of(UI_NAMESPACE), output, {
    isAllowedOrigin: (origin) => guard.isAllowedOrigin(origin),
    actorFor: sessionActor,
    sessionAlive: async (sessionId) =>
      (await db.session.count({
        where: { id: sessionId, expiresAt: { gt: new Date() }, user: { disabledAt: null } },
      })) > 0,
  });
  const notifier = new Notifier(db, {
    created: (event) => ui.publishNotification(event),
    dismissed: (ids, userId) => ui.publishNotificationsDismissed(ids, userId),
  });
  const runEnded = (task: Task) => {
    void approvals.taskEnded(task.id).catch(logError("withdrawing a task's requests"));
    void revokeTaskApiKeys(db, task.id).catch(logError("revoking a task's API key"));
  };
  const lifecycle = new TaskLifecycle(
    db,
    (task) => ui.publishTaskUpdate(task),
    (task) => {
      runEnded(task);
      void notifier.taskEnded(task).catch(logError("task notification"));
    },
    (task, reason) => {
      runEnded(task);
      if (reason !== "usage_limit") return;
      void notifier.usageLimitReached(task).catch(logError("usage limit notification"));
      void usageLimitResumes.arm().catch(logError("arming usage-limit resumes"));
    },
  );
  const usageLimitResumes = new UsageLimitResumes(db, {
    changed: (task) => ui.publishTaskUpdate(toTaskUpdatedEvent(task)),
    schedule: () => void scheduler.schedule(),
  });
  const hub: DaemonHub = new DaemonHub(io.of(DAEMON_NAMESPACE), {
    db,
    lifecycle,
    output,
    graceMs: config.daemonGraceMs,
    onDaemonsChanged: () => ui.publishDaemonsUpdated(),
    onCapacity: () => void scheduler.schedule(),
    onAuthenticated: (daemonId) => {
      void cleanups.flush(daemonId).catch(logError("clean-up flush"));
      void approvals.resend(daemonId).catch(logError("resending answers"));
    },
    onTaskEnded: (taskId) => void cleanups.taskEnded(taskId).catch(logError("clean-up flush")),
    onSupervisorWaiting: (task) => void endSupervisorOfClosedContract(task).catch(logError("ending a supervisor")),
    onCleanupResult: (daemonId, result) => cleanups.resultReceived(daemonId, result),
    onInventory: (daemonId, worktrees) => orphans.inventoryReceived(daemonId, worktrees),
    onAuthenticationRequired: (daemonId, message) => logins.required(daemonId, message),
    onLiveText: (taskId, live) => ui.publishLiveText({ taskId, ...live }),
    onApprovalRequest: (message) => approvals.requested(message),
    onApprovalWithdrawn: (message) => approvals.withdrawn(message),
    onConnectionChanged: (daemon, connected) =>
      connected
        ? void notifier.daemonConnected(daemon).catch(logError("daemon notification"))
        : notifier.daemonDisconnected(daemon),
  });
  const cleanups = new WorktreeCleanups(db, hub, (event) => ui.publishCleanup(event));
  const approvals = new Approvals({
    db,
    answerDaemon: (daemonId, command) => hub.request(daemonId, command, AnswerApprovalReply),
    publish: (event) => ui.publishApproval(event),
    notifier,
  });
  const orphans = new OrphanWorktrees(db, hub);
  const overdueApprovals = setInterval(
    () => void approvals.expireOverdue().catch(logError("denying unanswered requests")),
    APPROVAL_DEADLINE_CHECK_MS,
  );
  overdueApprovals.unref();
  const scheduler = new TaskScheduler(db, hub, lifecycle, (taskId) => output.highestStoredSeq(taskId));
  const inspection = new TaskInspection(db, hub);
  const logins = new DaemonLogins(db, hub, notifier, (event) => ui.publishLogin(event));
  await logins.expireStale();
  installRuntime({
    scheduleTasks: () => scheduler.schedule(),
    commandDaemon: (daemonId, command) => hub.send(daemonId, command),
    interruptTask: async (taskId, reason) => void (await lifecycle.interrupt(taskId, reason)),
    cleanupContractWorktrees: (request) => cleanups.requestForContract(request),
    cancelPendingCleanups: (contractId) => cleanups.cancelPending(contractId),
    getTaskDiff: (taskId) => inspection.diff(taskId),
    readTaskFile: (taskId, path) => inspection.readFile(taskId, path),
    mergeTask: (taskId, options) => inspection.merge(taskId, options),
    removeOrphanWorktree: (orphanId) => orphans.remove(orphanId),
    dismissNotifications: (userId, ids) => notifier.dismissFor(userId, ids),
    submitLoginCode: (loginId, code) => logins.submitCode(loginId, code),
    closeLogin: (loginId) => logins.close(loginId),
    apiKeyRevoked: (keyId) => void hub.disconnectKey(keyId),
    publishTaskUpdate: (task) => ui.publishTaskUpdate(task),
    isDaemonConnected: (daemonId) => hub.isConnected(daemonId),
    approvalAnswered: (approvalId) => approvals.answered(approvalId),
    endSessions: (filter) => ui.endSessions(filter),
  });
  await hub.adoptStaleDaemons();
  await usageLimitResumes.arm();

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const shownHost = config.host.includes(":") ? `[${config.host}]` : config.host;
  const url = `http://${shownHost}:${port}`;
  const warning = exposureWarning(config);
  if (warning) console.warn(warning);
  const baseUrl = config.publicUrl ?? url;
  // Sign-out happens in Next.js' copy of the auth code: the hook reaches the sockets through the runtime.
  configureAuth(
    { baseUrl, trustedOrigins: guard.allowedOrigins() },
    { sessionEnded: (session) => ui.endSessions({ sessionIds: [session.id] }) },
  );
  const setupToken = await issueSetupToken(db);

  return {
    url,
    port,
    guard,
    setupUrl: setupToken && `${baseUrl}/setup?token=${setupToken}`,
    expireOverdueApprovals: (now) => approvals.expireOverdue(now),
    async close() {
      clearInterval(overdueApprovals);
      usageLimitResumes.close();
      hub.closeAll();
      cleanups.close();
      notifier.close();
      ui.close();
      logins.stopTimers();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await output.close();
      await db.$disconnect();
    },
  };
}
