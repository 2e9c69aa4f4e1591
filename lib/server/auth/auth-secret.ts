import "server-only";
import { randomBytes } from "node:crypto";
import type { PrismaClient } from "../db/client";
import { isUniqueViolation } from "../db/errors";

const AUTH_SECRET_KEY = "auth_secret";

/**
 * Makes the secret that signs session cookies at the first start and keeps it in the database, so every
 * process (and, later, every replica) signs with the same one. Two servers starting together make one:
 * the second insert fails on the key and both read the winner's value. It is never printed.
 */
export async function ensureAuthSecret(db: PrismaClient): Promise<void> {
  const existing = await db.serverSetting.findUnique({ where: { key: AUTH_SECRET_KEY } });
  if (existing) return;
  try {
    await db.serverSetting.create({ data: { key: AUTH_SECRET_KEY, value: randomBytes(32).toString("base64url") } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

export async function readAuthSecret(db: PrismaClient): Promise<string> {
  const row = await db.serverSetting.findUnique({ where: { key: AUTH_SECRET_KEY } });
  if (!row) throw new Error("The auth secret is missing: the server makes it at start-up (makima server).");
  return row.value;
}
