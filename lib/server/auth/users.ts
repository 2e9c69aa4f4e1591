import "server-only";
import { mayAssignRole, type Role as RoleName } from "../../shared/auth/roles";
import { AppError } from "../../shared/app-error";
import { getDb, type PrismaClient } from "../db/client";
import type { AddUserInput } from "../../shared/schemas/user";
import { DAEMON_KEY_ROLES } from "../api-keys/api-key-store";
import { getRuntime } from "../runtime";
import { createAccount, createPasswordLink } from "./accounts";
import type { Actor } from "./actor";
import { getAuth, getAuthBaseUrl } from "./auth";

export const USER_SUMMARY_SELECT = {
  id: true,
  email: true,
  name: true,
  role: true,
  disabledAt: true,
  createdAt: true,
} as const;

export async function listUsers() {
  return getDb().user.findMany({ select: USER_SUMMARY_SELECT, orderBy: [{ createdAt: "asc" }, { email: "asc" }] });
}

async function targetUser(userId: string) {
  const user = await getDb().user.findUnique({ where: { id: userId }, select: USER_SUMMARY_SELECT });
  if (!user) throw new AppError("not_found", "That user does not exist.");
  return user;
}

function assertMayManage(actor: Actor, from: RoleName, to: RoleName): void {
  if (!mayAssignRole(actor.role, from, to))
    throw new AppError("forbidden", "Only an owner may add, change or disable an owner.");
}

/** Settings → Users → "Add user": the account, and a one-time link with which the person sets their password. */
export async function addUser(
  actor: Actor,
  input: AddUserInput,
): Promise<{ user: { id: string; email: string }; link: string }> {
  assertMayManage(actor, input.role, input.role);
  const user = await createAccount(getDb(), input);
  return { user, link: await createPasswordLink(await getAuth(), getAuthBaseUrl(), user.id) };
}

/** A new one-time password link (a forgotten password); the old password keeps working until the link is used. */
export async function newPasswordLink(actor: Actor, userId: string): Promise<{ email: string; link: string }> {
  const user = await targetUser(userId);
  assertMayManage(actor, user.role, user.role);
  return { email: user.email, link: await createPasswordLink(await getAuth(), getAuthBaseUrl(), user.id) };
}

export async function changeUserRole(actor: Actor, userId: string, role: RoleName) {
  const user = await targetUser(userId);
  assertMayManage(actor, user.role, role);
  const db = getDb();
  const updated = await db.$transaction(async (tx) => {
    // Checked inside the transaction: two owners demoting each other at once leave one.
    if (user.role === "owner" && role !== "owner") await assertAnotherOwner(tx, user.id);
    return tx.user.update({ where: { id: userId }, data: { role }, select: USER_SUMMARY_SELECT });
  });
  // Daemon keys are an admin's: below admin, the person's daemons are dropped (and refused from now on).
  if (!DAEMON_KEY_ROLES.includes(role)) await dropDaemons(userId, "daemon");
  return updated;
}

/** Disconnects the daemons connected with the person's keys (of one scope, or all). */
async function dropDaemons(userId: string, scope?: "daemon"): Promise<void> {
  const keys = await getDb().apiKey.findMany({
    where: { userId, revokedAt: null, ...(scope ? { scope } : {}) },
    select: { id: true },
  });
  const runtime = getRuntime();
  for (const key of keys) runtime.apiKeyRevoked(key.id);
}

/**
 * Disables (or enables again) an account. A disabled person cannot sign in; their sessions end at once, their open
 * live views are disconnected, and their API keys (and the keys of tasks they started) stop working.
 */
export async function setUserDisabled(actor: Actor, userId: string, disabled: boolean) {
  const user = await targetUser(userId);
  assertMayManage(actor, user.role, user.role);
  if (disabled && user.id === actor.userId) throw new AppError("conflict", "You cannot disable your own account.");
  const db = getDb();
  const updated = await db.$transaction(async (tx) => {
    if (disabled && user.role === "owner") await assertAnotherOwner(tx, user.id);
    return tx.user.update({
      where: { id: userId },
      data: { disabledAt: disabled ? new Date() : null },
      select: USER_SUMMARY_SELECT,
    });
  });
  if (disabled) {
    await db.session.deleteMany({ where: { userId } });
    getRuntime().endSessions({ userId });
    await dropDaemons(userId);
  }
  return updated;
}

/** An owner is never left without another: the last one cannot be demoted or disabled. */
async function assertAnotherOwner(tx: Pick<PrismaClient, "user">, userId: string): Promise<void> {
  const others = await tx.user.count({ where: { role: "owner", disabledAt: null, id: { not: userId } } });
  if (others === 0) throw new AppError("conflict", "This is the last owner: make someone else an owner first.");
}

/** The person's own sessions (Settings → Sessions), newest first; `current` marks the one asking. */
export async function listOwnSessions(actor: Actor) {
  const sessions = await getDb().session.findMany({
    where: { userId: actor.userId, expiresAt: { gt: new Date() } },
    select: { id: true, createdAt: true, updatedAt: true, expiresAt: true, ipAddress: true, userAgent: true },
    orderBy: { updatedAt: "desc" },
  });
  // better-auth stores "" when it could not tell the address or the browser.
  return sessions.map((session) => ({
    ...session,
    ipAddress: session.ipAddress || null,
    userAgent: session.userAgent || null,
    current: session.id === actor.sessionId,
  }));
}

/** Ends one of the person's own sessions, and the live views it has open. */
export async function revokeOwnSession(actor: Actor, sessionId: string): Promise<void> {
  const { count } = await getDb().session.deleteMany({ where: { id: sessionId, userId: actor.userId } });
  if (count === 0) throw new AppError("not_found", "That session has already ended.");
  getRuntime().endSessions({ sessionIds: [sessionId] });
}
