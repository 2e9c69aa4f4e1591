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
  const adapter = new WriteLockedTransactions(new PrismaBetterSqlite3({ url, timeout: 10_000 }));
  return new PrismaClient({ adapter, omit: { apiKey: { hash: true } } });
}

type SqliteAdapter = Awaited<ReturnType<PrismaBetterSqlite3["connect"]>>;

/**
 * Prisma's SQLite transactions, each holding the database's write lock from its start. The adapter begins them
 * deferred (`BEGIN`), so a transaction that reads first takes the lock only at its first write; if the output writer's
 * own connection (lib/server/output-stores/) committed in between, that write fails at once with SQLITE_BUSY_SNAPSHOT
 * ("Operation has timed out"), waiting for nothing. A write that changes no row, first, takes the lock through the busy
 * timeout instead, as `BEGIN IMMEDIATE` would. `_prisma_migrations` is there before Prisma is used (lib/server/db/migrate.ts).
 */
class WriteLockedTransactions {
  readonly provider = "sqlite";
  readonly adapterName;

  constructor(private readonly sqlite: PrismaBetterSqlite3) {
    this.adapterName = sqlite.adapterName;
  }

  async connect(): Promise<SqliteAdapter> {
    return lockingOnStart(await this.sqlite.connect());
  }

  async connectToShadowDb(): Promise<SqliteAdapter> {
    return this.sqlite.connectToShadowDb();
  }
}

const TAKE_WRITE_LOCK = { sql: `UPDATE "_prisma_migrations" SET "id" = "id" WHERE 0`, args: [], argTypes: [] };

function lockingOnStart(adapter: SqliteAdapter): SqliteAdapter {
  const start = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => {
    const transaction = await start(isolationLevel);
    try {
      await transaction.executeRaw(TAKE_WRITE_LOCK);
    } catch (error) {
      await transaction.executeRaw({ sql: "ROLLBACK", args: [], argTypes: [] }).catch(() => {});
      await transaction.rollback();
      throw error;
    }
    return transaction;
  };
  return adapter;
}

export function getDb(): PrismaClient {
  globalForPrisma.__makimaPrisma ??= createPrismaClient();
  return globalForPrisma.__makimaPrisma;
}
