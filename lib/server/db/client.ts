import "server-only";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../../generated/prisma/client";
import { databaseUrl } from "../../shared/data-location";

export type { PrismaClient };

/**
 * One Prisma client per process. The custom server and the Next.js bundle load this module separately,
 * so the instance lives on globalThis and both share it (and its single SQLite connection).
 */
const globalForPrisma = globalThis as unknown as { __makimaPrisma?: PrismaClient };

export function createPrismaClient(url = databaseUrl()): PrismaClient {
  const adapter = new PrismaBetterSqlite3({ url, timeout: 10_000 });
  return new PrismaClient({ adapter, omit: { apiKey: { hash: true } } });
}

export function getDb(): PrismaClient {
  globalForPrisma.__makimaPrisma ??= createPrismaClient();
  return globalForPrisma.__makimaPrisma;
}
