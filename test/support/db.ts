import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { createPrismaClient, type PrismaClient } from "../../lib/server/db/client";
import { migrateDatabase } from "../../lib/server/db/migrate";

/**
 * A freshly migrated SQLite file for the tests of one file, with its own Prisma client (not the process-wide one),
 * removed afterwards. Call at the top level; use the returned getter inside tests (its `file` is the database's path,
 * for a connection of the test's own).
 */
export function useTestDatabase(prefix = "makima-db-"): (() => PrismaClient) & { file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const url = `file:${path.join(dir, "makima.db")}`;
  let db: PrismaClient | undefined;
  beforeAll(() => {
    migrateDatabase(url);
    db = createPrismaClient(url);
  });
  afterAll(async () => {
    await db?.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const getDb = () => {
    if (!db) throw new Error("The test database is opened in beforeAll");
    return db;
  };
  return Object.assign(getDb, { file: path.join(dir, "makima.db") });
}
