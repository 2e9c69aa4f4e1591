import "server-only";
import type { PrismaClient } from "../db/client";
import type { DaemonLogin, Prisma } from "../../generated/prisma/client";
import { AuthCodeReply, type DaemonCommand, type DaemonMessageOf } from "../../shared/protocol/daemon";
import type { DaemonLoginEvent } from "../../shared/protocol/ui";
import type { Notifier } from "../notifications/notifier";
import type { DaemonHub } from "../daemon-hub";

/** Long enough for claude to trade the code for a token over a slow network. */
const SUBMIT_TIMEOUT_MS = 90_000;
/** How long a daemon keeps `claude setup-token` waiting for its code (the daemon's own limit, 15 minutes). */
export const LOGIN_LINK_LIFETIME_MS = 15 * 60_000;
const EXPIRED_MESSAGE = "The login link expired unanswered; start the task again for a new one";

export type LoginResult = { ok: true; message: string } | { ok: false; error: string };

export function toDaemonLoginEvent(row: DaemonLogin & { daemon: { hostname: string } }): DaemonLoginEvent {
  return {
    id: row.id,
    daemonId: row.daemonId,
    hostname: row.daemon.hostname,
    taskId: row.taskId,
    loginUrl: row.loginUrl,
    status: row.status,
    message: row.message,
    closed: row.closedAt !== null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * Remote Claude logins: a daemon reports that claude needs a login (with the link its `claude setup-token` printed,
 * or without one), the person pastes the code from the login page, and it is carried to the waiting setup-token.
 * Each step is stored and pushed to every browser.
 */
export class DaemonLogins {
  private readonly expiryTimers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly db: PrismaClient,
    private readonly transport: Pick<DaemonHub, "request" | "isConnected">,
    private readonly notifier: Notifier,
    private readonly publish: (event: DaemonLoginEvent) => void,
  ) {}

  async required(daemonId: string, message: DaemonMessageOf<"authenticationRequired">): Promise<void> {
    const task = await this.db.task.findUnique({ where: { id: message.taskId }, select: { contractId: true } });
    await this.closeWhere({ daemonId, status: { in: ["succeeded", "failed", "manual"] } });
    const row = await this.db.daemonLogin.create({
      data: {
        daemonId,
        taskId: task ? message.taskId : null,
        loginUrl: message.loginUrl,
        status: message.loginUrl ? "waiting" : "manual",
        message: message.message,
      },
      include: { daemon: { select: { hostname: true } } },
    });
    this.publish(toDaemonLoginEvent(row));
    if (row.status === "waiting") this.expireLater(row.id, LOGIN_LINK_LIFETIME_MS);
    await this.notifier.notify({
      kind: "login_required",
      title: `Claude login required on ${message.hostname}`,
      body: message.message,
      taskId: row.taskId,
      contractId: task?.contractId ?? null,
      daemonId,
      loginUrl: message.loginUrl,
    });
  }

  /** Carries a pasted code to the daemon whose setup-token waits for it, and records how it went. */
  async submitCode(loginId: string, code: string): Promise<LoginResult> {
    const login = await this.db.daemonLogin.findUnique({
      where: { id: loginId },
      include: { daemon: { select: { hostname: true } } },
    });
    if (!login) return { ok: false, error: "This login is no longer known" };
    if (login.status !== "waiting")
      return { ok: false, error: `This login is not waiting for a code (it is ${login.status})` };
    if (!this.transport.isConnected(login.daemonId)) {
      return { ok: false, error: `The daemon ${login.daemon.hostname} is offline; the code was not sent` };
    }
    const { count } = await this.db.daemonLogin.updateMany({
      where: { id: loginId, status: "waiting" },
      data: { status: "submitting", message: null },
    });
    if (count === 0) return { ok: false, error: "This login's code is already being submitted" };
    await this.changed(loginId);

    const command: DaemonCommand = { type: "submitAuthCode", code };
    const answer = await this.transport.request(login.daemonId, command, AuthCodeReply, SUBMIT_TIMEOUT_MS);
    const result: LoginResult = answer.ok ? { ok: true, message: answer.message } : { ok: false, error: answer.error };
    await this.db.daemonLogin.update({
      where: { id: loginId },
      data: result.ok ? { status: "succeeded", message: result.message } : { status: "failed", message: result.error },
    });
    await this.changed(loginId);
    if (result.ok) await this.loggedIn(login.daemonId, loginId);
    return result;
  }

  /** Takes a login off the banner in every browser. */
  async close(loginId: string): Promise<boolean> {
    return (await this.closeWhere({ id: loginId })) > 0;
  }

  /** The daemon is logged in: its older logins and their notifications are moot. */
  private async loggedIn(daemonId: string, loginId: string): Promise<void> {
    await this.closeWhere({ daemonId, id: { not: loginId }, status: { in: ["failed", "manual"] } });
    const stale = await this.db.notification.findMany({
      where: { daemonId, kind: "login_required", dismissedAt: null },
      select: { id: true },
    });
    if (stale.length) await this.notifier.dismiss(stale.map((row) => row.id));
  }

  private async closeWhere(where: Prisma.DaemonLoginWhereInput): Promise<number> {
    const rows = await this.db.daemonLogin.findMany({ where: { ...where, closedAt: null }, select: { id: true } });
    if (rows.length === 0) return 0;
    await this.db.daemonLogin.updateMany({
      where: { id: { in: rows.map((row) => row.id) } },
      data: { closedAt: new Date() },
    });
    for (const row of rows) await this.changed(row.id);
    return rows.length;
  }

  /** At start-up: links left waiting by an earlier run expire when the daemon's setup-token gives up on them. */
  async expireStale(now = Date.now()): Promise<void> {
    const waiting = await this.db.daemonLogin.findMany({
      where: { status: "waiting" },
      select: { id: true, createdAt: true },
    });
    for (const login of waiting) this.expireLater(login.id, login.createdAt.getTime() + LOGIN_LINK_LIFETIME_MS - now);
  }

  stopTimers(): void {
    for (const timer of this.expiryTimers) clearTimeout(timer);
    this.expiryTimers.clear();
  }

  /** A banner must not wait for ever on a link nobody can use any more. */
  private expireLater(loginId: string, delayMs: number): void {
    const timer = setTimeout(
      async () => {
        this.expiryTimers.delete(timer);
        try {
          const { count } = await this.db.daemonLogin.updateMany({
            where: { id: loginId, status: "waiting" },
            data: { status: "failed", message: EXPIRED_MESSAGE },
          });
          if (count) await this.changed(loginId);
        } catch (error) {
          console.error("[logins] could not expire a login:", error);
        }
      },
      Math.max(0, delayMs),
    );
    timer.unref();
    this.expiryTimers.add(timer);
  }

  private async changed(loginId: string): Promise<void> {
    const row = await this.db.daemonLogin.findUniqueOrThrow({
      where: { id: loginId },
      include: { daemon: { select: { hostname: true } } },
    });
    this.publish(toDaemonLoginEvent(row));
  }
}
