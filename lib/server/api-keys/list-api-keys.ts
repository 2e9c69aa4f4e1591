import "server-only";
import { getDb, type PrismaClient } from "../db/client";
import type { ApiKeyScope } from "../../generated/prisma/enums";

/** What the settings page shows of a key: never its hash. */
export type ApiKeySummary = {
  id: string;
  name: string;
  /** The key's first characters, to tell keys apart. */
  prefix: string;
  scope: ApiKeyScope;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** Whose key it is; null for the key `makima start` gives its local daemon. */
  userId: string | null;
  user: { email: string } | null;
};

export type ApiKeyList = {
  /** Newest first. */
  keys: ApiKeySummary[];
  /** How many task keys (made by the server for running tasks) are left out of `keys`; 0 when they are included. */
  hiddenTaskKeys: number;
};

export const API_KEY_SUMMARY_SELECT = {
  id: true,
  name: true,
  prefix: true,
  scope: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  userId: true,
  user: { select: { email: true } },
} as const;

/**
 * The keys, newest first, without the per-task keys unless asked for (those are the system's own); with `userId`,
 * that person's keys only (a member sees their own, an admin everyone's).
 */
export async function listApiKeys(
  options: { includeTaskKeys?: boolean; userId?: string } = {},
  db: PrismaClient = getDb(),
): Promise<ApiKeyList> {
  const includeTaskKeys = options.includeTaskKeys ?? false;
  const mine = options.userId ? { userId: options.userId } : {};
  const keys = await db.apiKey.findMany({
    where: includeTaskKeys ? mine : { ...mine, scope: { not: "task" } },
    select: API_KEY_SUMMARY_SELECT,
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
  const hiddenTaskKeys = includeTaskKeys ? 0 : await db.apiKey.count({ where: { ...mine, scope: "task" } });
  return { keys, hiddenTaskKeys };
}
