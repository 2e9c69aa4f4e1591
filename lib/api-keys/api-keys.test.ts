import { beforeEach, describe, expect, it } from "vitest";
import { useTestDatabase } from "../../test/support/db";
import { AppError } from "../contracts/errors";
import type { PrismaClient } from "../db/client";
import { createApiKey, findValidApiKey, hashApiKey } from "../server/api-keys";
import { createApiKeyForPerson } from "./create-api-key";
import { listApiKeys } from "./list-api-keys";
import { revokeApiKey } from "./revoke-api-key";

const testDb = useTestDatabase("makima-api-keys-");
let db: PrismaClient;

beforeEach(async () => {
  db = testDb();
  await db.apiKey.deleteMany();
  await db.contract.deleteMany();
});

async function taskKey(name = "task key"): Promise<void> {
  const contract = await db.contract.create({ data: { name: "c", repository: "/r" } });
  const task = await db.task.create({ data: { contractId: contract.id, name: "t", plan: "p" } });
  await createApiKey(db, { name, scope: "task", contractId: contract.id, taskId: task.id });
}

async function expectAppError(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
}

describe("createApiKeyForPerson", () => {
  it("returns the plain key once and stores only its hash and prefix", async () => {
    const { apiKey, key } = await createApiKeyForPerson({ name: "  laptop scripts ", scope: "cli" }, db);
    expect(key).toMatch(/^mk_[A-Za-z0-9_-]{20,}$/);
    expect(apiKey).toMatchObject({ name: "laptop scripts", scope: "cli", lastUsedAt: null, revokedAt: null });
    expect(key.startsWith(apiKey.prefix)).toBe(true);
    expect(apiKey).not.toHaveProperty("hash");

    const row = await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id }, omit: { hash: false } });
    expect(row.hash).toBe(hashApiKey(key));
    expect(JSON.stringify(row)).not.toContain(key);
    expect((await findValidApiKey(db, key, "cli"))?.id).toBe(apiKey.id);
    expect(await findValidApiKey(db, key, "daemon")).toBeNull();
  });

  it("makes daemon keys too, but never task keys", async () => {
    const { key } = await createApiKeyForPerson({ name: "build box", scope: "daemon" }, db);
    expect(await findValidApiKey(db, key, "daemon")).not.toBeNull();
    await expect(createApiKeyForPerson({ name: "sneaky", scope: "task" as "cli" }, db)).rejects.toThrow(/Scope must be cli or daemon/);
    await expect(createApiKeyForPerson({ name: " ", scope: "cli" }, db)).rejects.toThrow(/Name is required/);
    expect(await db.apiKey.count()).toBe(1);
  });
});

describe("listApiKeys", () => {
  it("lists keys newest first without their hash, leaving task keys out but counted", async () => {
    const first = await createApiKeyForPerson({ name: "first", scope: "cli" }, db);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await taskKey("task 1");
    await taskKey("task 2");
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await createApiKeyForPerson({ name: "second", scope: "daemon" }, db);

    const list = await listApiKeys({}, db);
    expect(list.keys.map((k) => k.name)).toEqual(["second", "first"]);
    expect(list.hiddenTaskKeys).toBe(2);
    for (const key of list.keys) expect(key).not.toHaveProperty("hash");
    expect(JSON.stringify(list)).not.toContain(first.key);
    expect(JSON.stringify(list)).not.toContain(second.key);

    const all = await listApiKeys({ includeTaskKeys: true }, db);
    expect(all.keys.map((k) => k.name)).toEqual(["second", "task 2", "task 1", "first"]);
    expect(all.hiddenTaskKeys).toBe(0);
  });

  it("is empty on a fresh database", async () => {
    expect(await listApiKeys({}, db)).toEqual({ keys: [], hiddenTaskKeys: 0 });
  });
});

describe("revokeApiKey", () => {
  it("sets revokedAt, after which the key is refused but still listed as revoked", async () => {
    const { apiKey, key } = await createApiKeyForPerson({ name: "old daemon", scope: "daemon" }, db);
    const revoked = await revokeApiKey({ id: apiKey.id }, db);
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(revoked).not.toHaveProperty("hash");
    expect(await findValidApiKey(db, key, "daemon")).toBeNull();
    const { keys } = await listApiKeys({}, db);
    expect(keys).toEqual([expect.objectContaining({ id: apiKey.id, revokedAt: revoked.revokedAt })]);
  });

  it("refuses an unknown id (not_found) and a key already revoked (conflict), changing nothing", async () => {
    const { apiKey } = await createApiKeyForPerson({ name: "twice", scope: "cli" }, db);
    await expectAppError(revokeApiKey({ id: "no-such-key" }, db), "not_found");
    const { revokedAt } = await revokeApiKey({ id: apiKey.id }, db);
    await expectAppError(revokeApiKey({ id: apiKey.id }, db), "conflict");
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).revokedAt).toEqual(revokedAt);
  });

  it("lets only one of two revokes at once succeed", async () => {
    const { apiKey } = await createApiKeyForPerson({ name: "race", scope: "cli" }, db);
    const results = await Promise.allSettled([revokeApiKey({ id: apiKey.id }, db), revokeApiKey({ id: apiKey.id }, db)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((rejected.reason as AppError).code).toBe("conflict");
  });
});
