import { getDb } from "../server/db/client";
import { migrateDatabase } from "../server/db/migrate";
import { databaseUrl } from "../shared/data-location";

/** What the commands that work straight on the server's database share (`makima user`, `makima key`). */

type Db = ReturnType<typeof getDb>;

/** Runs `work` on the server's database, its pending migrations applied first (as `makima server` does). */
export async function onDatabase(work: (db: Db) => Promise<void>): Promise<void> {
  try {
    migrateDatabase(databaseUrl());
    await work(getDb());
  } finally {
    await getDb().$disconnect();
  }
}

/** The value `schema` makes of `value`; a value it refuses ends the command with exit 1 and the schema's message. */
export function valid<T>(
  schema: {
    safeParse(
      value: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } };
  },
  value: unknown,
): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(result.error.issues[0]!.message);
  return result.data;
}
