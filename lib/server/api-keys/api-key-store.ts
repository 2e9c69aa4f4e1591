import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient } from "../db/client";
import type { Role } from "../../shared/auth/roles";

export type ApiKeyScope = "daemon" | "cli" | "task";

const KEY_PREFIX = "mk_";

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(24).toString("base64url");
}

/** Creates a key and returns it in plain text; only its hash is stored. */
export async function createApiKey(
  db: PrismaClient,
  input: { name: string; scope: ApiKeyScope; userId: string | null; contractId?: string; taskId?: string },
): Promise<{ id: string; key: string }> {
  const key = generateApiKey();
  const row = await db.apiKey.create({
    data: { ...input, hash: hashApiKey(key), prefix: key.slice(0, KEY_PREFIX.length + 6) },
  });
  return { id: row.id, key };
}

/** Who may own a working daemon key: a daemon runs commands for everyone, so only an admin (or the server itself). */
export const DAEMON_KEY_ROLES: Role[] = ["admin", "owner"];

/**
 * The unrevoked key of that scope matching `key` whose person (if it has one) is not disabled, or null. A daemon
 * key stops working when its person is no longer an admin or owner.
 */
export async function findValidApiKey(db: PrismaClient, key: string, scope: ApiKeyScope) {
  const person = scope === "daemon" ? { disabledAt: null, role: { in: DAEMON_KEY_ROLES } } : { disabledAt: null };
  const row = await db.apiKey.findFirst({
    where: { hash: hashApiKey(key), scope, revokedAt: null, OR: [{ userId: null }, { user: person }] },
  });
  if (row) await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  return row;
}

/**
 * A key for one task, good for its contract's API only, for the makima commands claude runs. It acts as the person
 * who started the task (at most as a member).
 */
export async function createTaskApiKey(
  db: PrismaClient,
  task: { id: string; name: string; contractId: string; createdById: string | null },
): Promise<string> {
  const { key } = await createApiKey(db, {
    name: `task: ${task.name}`.slice(0, 100),
    scope: "task",
    userId: task.createdById,
    contractId: task.contractId,
    taskId: task.id,
  });
  return key;
}

/** Revokes a task's keys: once it has ended (or was handed back), nothing may act in its name. */
export async function revokeTaskApiKeys(db: PrismaClient, taskId: string): Promise<void> {
  await db.apiKey.updateMany({ where: { taskId, scope: "task", revokedAt: null }, data: { revokedAt: new Date() } });
}

export const LOCAL_DAEMON_KEY_NAME = "local daemon (npm start)";

/**
 * A fresh key for the daemon that `npm start` runs beside the server; it belongs to the server itself (no user).
 * The plain key cannot be read
 * back from its hash, so each start makes a new one and revokes the previous local key.
 */
export async function provisionLocalDaemonKey(db: PrismaClient): Promise<string> {
  await db.apiKey.updateMany({
    where: { name: LOCAL_DAEMON_KEY_NAME, scope: "daemon", revokedAt: null },
    data: { revokedAt: new Date() },
  });
  const { key } = await createApiKey(db, { name: LOCAL_DAEMON_KEY_NAME, scope: "daemon", userId: null });
  return key;
}

/**
 * The first owner takes what was made before accounts existed: every key but the local daemon's (a task's key then
 * acts as them, at most as a member), and every task (so that a waiting supervisor's next key has a person).
 */
export async function adoptOwnerlessRecords(db: PrismaClient, ownerId: string): Promise<void> {
  await db.apiKey.updateMany({
    where: { userId: null, NOT: { name: LOCAL_DAEMON_KEY_NAME, scope: "daemon" } },
    data: { userId: ownerId },
  });
  await db.task.updateMany({ where: { createdById: null }, data: { createdById: ownerId } });
}
