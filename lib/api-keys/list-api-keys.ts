import { getDb, type PrismaClient } from "../db/client";

/** What the settings page shows of a key: never its hash. */
export type ApiKeySummary = {
  id: string;
  name: string;
  /** The key's first characters, to tell keys apart. */
  prefix: string;
  scope: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
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
} as const;

/** The keys, newest first, without the per-task keys unless asked for (those are the system's own). */
export async function listApiKeys(options: { includeTaskKeys?: boolean } = {}, db: PrismaClient = getDb()): Promise<ApiKeyList> {
  const includeTaskKeys = options.includeTaskKeys ?? false;
  const keys = await db.apiKey.findMany({
    where: includeTaskKeys ? undefined : { scope: { not: "task" } },
    select: API_KEY_SUMMARY_SELECT,
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
  const hiddenTaskKeys = includeTaskKeys ? 0 : await db.apiKey.count({ where: { scope: "task" } });
  return { keys, hiddenTaskKeys };
}
