import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { betterAuth } from "better-auth";
import { getAuthTables, type DBFieldAttribute } from "better-auth/db";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { authOptions } from "./auth";

/**
 * better-auth's schema CLI needs a newer Node than these machines have, so its tables are Prisma models and SQL
 * written by hand: this proves they are what better-auth expects, for the very options Makima runs with.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "makima-auth-tables-"));
const file = path.join(dir, "makima.db");
migrateDatabase(`file:${file}`);
const db = createPrismaClient(`file:${file}`);
const options = authOptions(db, "a test secret that is long enough to sign", {
  baseUrl: "http://127.0.0.1:3000",
  trustedOrigins: [],
});
const tables = getAuthTables(options);
const sqlite = new Database(file, { readonly: true });

afterAll(async () => {
  sqlite.close();
  await db.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The SQLite column type Prisma gives each better-auth field type. */
function sqliteType(field: DBFieldAttribute): string {
  if (field.type === "string") return "TEXT";
  if (field.type === "boolean") return "BOOLEAN";
  if (field.type === "date") return "DATETIME";
  if (field.type === "number") return field.bigint ? "BIGINT" : "INTEGER";
  throw new Error(`no mapping for ${String(field.type)}`);
}

/** Prisma's table for a better-auth model: the model name with a capital (`user` → `User`). */
const tableOf = (modelName: string) => modelName[0]!.toUpperCase() + modelName.slice(1);

type Column = { name: string; type: string; notnull: number; pk: number };
type IndexRow = { name: string; unique: number };
type ForeignKey = { table: string; from: string; to: string; on_delete: string };

function indexedColumns(table: string): { column: string; unique: boolean }[] {
  return (sqlite.prepare(`PRAGMA index_list("${table}")`).all() as IndexRow[]).flatMap((index) =>
    (sqlite.prepare(`PRAGMA index_info("${index.name}")`).all() as { name: string }[]).map((column) => ({
      column: column.name,
      unique: index.unique === 1,
    })),
  );
}

describe("better-auth's tables (getAuthTables for Makima's options)", () => {
  it("are the core tables plus the database rate limiter's", () => {
    expect(Object.keys(tables).sort()).toEqual(["account", "rateLimit", "session", "user", "verification"]);
  });

  it.each(Object.values(tables).map((table) => [table.modelName, table] as const))(
    "%s: every field with its type, nullability, uniqueness, index and reference",
    (modelName, table) => {
      const name = tableOf(modelName);
      const columns = new Map(
        (sqlite.prepare(`PRAGMA table_info("${name}")`).all() as Column[]).map((column) => [column.name, column]),
      );
      expect(columns.get("id"), `${name}.id`).toMatchObject({ type: "TEXT", pk: 1 });
      const indexes = indexedColumns(name);
      const foreignKeys = sqlite.prepare(`PRAGMA foreign_key_list("${name}")`).all() as ForeignKey[];
      for (const [key, field] of Object.entries(table.fields)) {
        const column = columns.get(field.fieldName ?? key);
        expect(column, `${name}.${key}`).toBeDefined();
        expect(column!.type, `${name}.${key} type`).toBe(sqliteType(field));
        expect(column!.notnull === 1, `${name}.${key} required`).toBe(field.required !== false);
        if (field.unique)
          expect(indexes, `${name}.${key} unique`).toContainEqual({ column: column!.name, unique: true });
        if (field.index)
          expect(
            indexes.map((index) => index.column),
            `${name}.${key} index`,
          ).toContain(column!.name);
        if (field.references) {
          expect(foreignKeys, `${name}.${key} reference`).toContainEqual(
            expect.objectContaining({
              table: tableOf(tables[field.references.model]!.modelName),
              from: column!.name,
              to: field.references.field,
              on_delete: (field.references.onDelete ?? "cascade").toUpperCase(),
            }),
          );
        }
      }
    },
  );

  it("work through better-auth's Prisma adapter: create, find, update, delete on every table", async () => {
    const auth = betterAuth(options);
    const { adapter } = await auth.$context;
    const now = new Date();
    const user = await adapter.create<Record<string, unknown>, { id: string; role: string }>({
      model: "user",
      data: {
        name: "Ada",
        email: "ada@makima.test",
        emailVerified: false,
        createdAt: now,
        updatedAt: now,
        role: "member",
      },
    });
    expect(user.role).toBe("member");
    const rows: Record<string, Record<string, unknown>> = {
      session: {
        token: "t1",
        userId: user.id,
        expiresAt: new Date(Date.now() + 60_000),
        createdAt: now,
        updatedAt: now,
        ipAddress: "127.0.0.1",
      },
      account: {
        accountId: user.id,
        providerId: "credential",
        userId: user.id,
        password: "hash",
        createdAt: now,
        updatedAt: now,
      },
      verification: {
        identifier: "reset-password:x",
        value: user.id,
        expiresAt: new Date(Date.now() + 60_000),
        createdAt: now,
        updatedAt: now,
      },
      rateLimit: { key: "127.0.0.1|/sign-in/email", count: 1, lastRequest: Date.now() },
    };
    for (const [model, data] of Object.entries(rows)) {
      const created = await adapter.create<Record<string, unknown>, { id: string }>({ model, data });
      const where = [{ field: "id", value: created.id }];
      expect(await adapter.findOne({ model, where }), model).toMatchObject({ id: created.id });
      await adapter.update({ model, where, update: model === "rateLimit" ? { count: 2 } : { updatedAt: new Date() } });
      await adapter.delete({ model, where });
      expect(await adapter.findOne({ model, where }), `${model} deleted`).toBeNull();
    }
    await adapter.update({ model: "user", where: [{ field: "id", value: user.id }], update: { disabledAt: now } });
    expect(await adapter.findOne({ model: "user", where: [{ field: "id", value: user.id }] })).toMatchObject({
      disabledAt: now,
    });
  });
});
