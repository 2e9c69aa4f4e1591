import { beforeEach, describe, expect, it } from "vitest";
import { useTestDatabase } from "../../../test/support/db";
import { AppError } from "../../shared/app-error";
import type { PrismaClient } from "../db/client";
import { createApiKey, findValidApiKey, hashApiKey } from "./api-key-store";
import { createAccount } from "../auth/accounts";
import { createApiKeyForPerson } from "./create-api-key";
import { listApiKeys } from "./list-api-keys";
import { revokeApiKey } from "./revoke-api-key";

const testDb = useTestDatabase("makima-api-keys-");
let db: PrismaClient;
/** The person making keys in these tests (an admin, so that daemon keys are theirs to make), and a bystander. */
let admin: { userId: string; role: "admin" };
let other: { userId: string; role: "member" };

beforeEach(async () => {
  db = testDb();
  await db.apiKey.deleteMany();
  await db.contract.deleteMany();
  await db.user.deleteMany();
  admin = { userId: (await createAccount(db, { email: "admin@makima.test", role: "admin" })).id, role: "admin" };
  other = { userId: (await createAccount(db, { email: "member@makima.test", role: "member" })).id, role: "member" };
});

async function taskKey(name = "task key"): Promise<void> {
  const contract = await db.contract.create({ data: { name: "c", repository: "/r" } });
  const task = await db.task.create({
    data: { contractId: contract.id, name: "t", plan: "p", createdById: admin.userId },
  });
  await createApiKey(db, { name, scope: "task", userId: admin.userId, contractId: contract.id, taskId: task.id });
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
    const { apiKey, key } = await createApiKeyForPerson({ name: "  laptop scripts ", scope: "cli" }, admin.userId, db);
    expect(key).toMatch(/^mk_[A-Za-z0-9_-]{20,}$/);
    expect(apiKey).toMatchObject({ name: "laptop scripts", scope: "cli", lastUsedAt: null, revokedAt: null });
    expect(key.startsWith(apiKey.prefix)).toBe(true);
    expect(apiKey).not.toHaveProperty("hash");
    expect(apiKey).toMatchObject({ userId: admin.userId, user: { email: "admin@makima.test" } });

    const row = await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id }, omit: { hash: false } });
    expect(row.hash).toBe(hashApiKey(key));
    expect(JSON.stringify(row)).not.toContain(key);
    expect((await findValidApiKey(db, key, "cli"))?.id).toBe(apiKey.id);
    expect(await findValidApiKey(db, key, "daemon")).toBeNull();
  });

  it("makes daemon keys too, but never task keys", async () => {
    const { key } = await createApiKeyForPerson({ name: "build box", scope: "daemon" }, admin.userId, db);
    expect(await findValidApiKey(db, key, "daemon")).not.toBeNull();
    await expect(createApiKeyForPerson({ name: "sneaky", scope: "task" as "cli" }, admin.userId, db)).rejects.toThrow(
      /Scope must be cli or daemon/,
    );
    await expect(createApiKeyForPerson({ name: " ", scope: "cli" }, admin.userId, db)).rejects.toThrow(
      /Name is required/,
    );
    expect(await db.apiKey.count()).toBe(1);
  });
});

describe("listApiKeys", () => {
  it("lists keys newest first without their hash, leaving task keys out but counted", async () => {
    const first = await createApiKeyForPerson({ name: "first", scope: "cli" }, admin.userId, db);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await taskKey("task 1");
    await taskKey("task 2");
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await createApiKeyForPerson({ name: "second", scope: "daemon" }, admin.userId, db);

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

  it("with a userId, lists that person's keys only", async () => {
    await createApiKeyForPerson({ name: "mine", scope: "cli" }, other.userId, db);
    await createApiKeyForPerson({ name: "theirs", scope: "cli" }, admin.userId, db);
    await taskKey("admin's task");
    expect((await listApiKeys({ userId: other.userId }, db)).keys.map((k) => k.name)).toEqual(["mine"]);
    expect(await listApiKeys({ userId: other.userId }, db)).toMatchObject({ hiddenTaskKeys: 0 });
    expect(await listApiKeys({ userId: admin.userId }, db)).toMatchObject({
      keys: [expect.objectContaining({ name: "theirs" })],
      hiddenTaskKeys: 1,
    });
  });

  it("is empty on a fresh database", async () => {
    expect(await listApiKeys({}, db)).toEqual({ keys: [], hiddenTaskKeys: 0 });
  });
});

describe("revokeApiKey", () => {
  it("sets revokedAt, after which the key is refused but still listed as revoked", async () => {
    const { apiKey, key } = await createApiKeyForPerson({ name: "old daemon", scope: "daemon" }, admin.userId, db);
    const revoked = await revokeApiKey({ id: apiKey.id }, admin, db);
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(revoked).not.toHaveProperty("hash");
    expect(await findValidApiKey(db, key, "daemon")).toBeNull();
    const { keys } = await listApiKeys({}, db);
    expect(keys).toEqual([expect.objectContaining({ id: apiKey.id, revokedAt: revoked.revokedAt })]);
  });

  it("refuses an unknown id (not_found) and a key already revoked (conflict), changing nothing", async () => {
    const { apiKey } = await createApiKeyForPerson({ name: "twice", scope: "cli" }, admin.userId, db);
    await expectAppError(revokeApiKey({ id: "no-such-key" }, admin, db), "not_found");
    const { revokedAt } = await revokeApiKey({ id: apiKey.id }, admin, db);
    await expectAppError(revokeApiKey({ id: apiKey.id }, admin, db), "conflict");
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).revokedAt).toEqual(revokedAt);
  });

  it("lets a person revoke their own keys, an admin anyone's, and hides others' keys from a member (not_found)", async () => {
    const adminsKey = await createApiKeyForPerson({ name: "admin's", scope: "cli" }, admin.userId, db);
    const membersKey = await createApiKeyForPerson({ name: "member's", scope: "cli" }, other.userId, db);
    await expectAppError(revokeApiKey({ id: adminsKey.apiKey.id }, other, db), "not_found");
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: adminsKey.apiKey.id } })).revokedAt).toBeNull();
    expect((await revokeApiKey({ id: membersKey.apiKey.id }, other, db)).revokedAt).toBeInstanceOf(Date);
    expect((await revokeApiKey({ id: adminsKey.apiKey.id }, admin, db)).revokedAt).toBeInstanceOf(Date);
  });

  it("lets only one of two revokes at once succeed", async () => {
    const { apiKey } = await createApiKeyForPerson({ name: "race", scope: "cli" }, admin.userId, db);
    const results = await Promise.allSettled([
      revokeApiKey({ id: apiKey.id }, admin, db),
      revokeApiKey({ id: apiKey.id }, admin, db),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((rejected.reason as AppError).code).toBe("conflict");
  });
});

describe("findValidApiKey", () => {
  it("takes a daemon key only while its person is an admin or owner and not disabled; the server's own always", async () => {
    const { key } = await createApiKey(db, { name: "box", scope: "daemon", userId: admin.userId });
    const local = await createApiKey(db, { name: "local", scope: "daemon", userId: null });
    expect(await findValidApiKey(db, key, "daemon")).not.toBeNull();
    await db.user.update({ where: { id: admin.userId }, data: { role: "member" } });
    expect(await findValidApiKey(db, key, "daemon")).toBeNull();
    await db.user.update({ where: { id: admin.userId }, data: { role: "owner" } });
    expect(await findValidApiKey(db, key, "daemon")).not.toBeNull();
    await db.user.update({ where: { id: admin.userId }, data: { disabledAt: new Date() } });
    expect(await findValidApiKey(db, key, "daemon")).toBeNull();
    expect(await findValidApiKey(db, local.key, "daemon")).not.toBeNull();
  });

  it("takes a member's cli key (the gate checks the role), but not once they are disabled", async () => {
    const { key } = await createApiKey(db, { name: "script", scope: "cli", userId: other.userId });
    expect(await findValidApiKey(db, key, "cli")).not.toBeNull();
    await db.user.update({ where: { id: other.userId }, data: { disabledAt: new Date() } });
    expect(await findValidApiKey(db, key, "cli")).toBeNull();
  });
});
