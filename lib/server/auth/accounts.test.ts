import { verifyPassword } from "better-auth/crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { useTestDatabase } from "../../../test/support/db";
import { AppError } from "../../shared/app-error";
import type { PrismaClient } from "../db/client";
import { createApiKey, LOCAL_DAEMON_KEY_NAME } from "../api-keys/api-key-store";
import {
  createAccount,
  createOwnerFromEnvironment,
  createOwnerWithSetupToken,
  issueSetupToken,
  setPassword,
  setupTokenState,
} from "./accounts";

const testDb = useTestDatabase("makima-accounts-");
let db: PrismaClient;

beforeEach(async () => {
  db = testDb();
  await db.apiKey.deleteMany();
  await db.user.deleteMany();
  await db.serverSetting.deleteMany();
  vi.useRealTimers();
});

const ADMIN_ENV = { MAKIMA_ADMIN_EMAIL: " Owner@Example.COM ", MAKIMA_ADMIN_PASSWORD: "a long enough password" };

describe("createOwnerFromEnvironment", () => {
  it("makes the owner while there is no account, with a password that verifies, then never again", async () => {
    expect(await createOwnerFromEnvironment(db, ADMIN_ENV)).toBe("owner@example.com");
    const owner = await db.user.findUniqueOrThrow({
      where: { email: "owner@example.com" },
      include: { accounts: true },
    });
    expect(owner.role).toBe("owner");
    expect(owner.accounts).toHaveLength(1);
    expect(owner.accounts[0]!.password).not.toContain("a long enough password");
    expect(await verifyPassword({ hash: owner.accounts[0]!.password!, password: "a long enough password" })).toBe(true);
    expect(await createOwnerFromEnvironment(db, { ...ADMIN_ENV, MAKIMA_ADMIN_EMAIL: "second@example.com" })).toBeNull();
    expect(await db.user.count()).toBe(1);
  });

  it("makes one owner when two servers start together", async () => {
    const results = await Promise.all([
      createOwnerFromEnvironment(db, ADMIN_ENV),
      createOwnerFromEnvironment(db, ADMIN_ENV),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await db.user.count()).toBe(1);
    expect(await db.account.count()).toBe(1);
  });

  it("does nothing without both variables, and refuses a short password or a bad email by name", async () => {
    expect(await createOwnerFromEnvironment(db, { MAKIMA_ADMIN_EMAIL: "a@b.co" })).toBeNull();
    await expect(createOwnerFromEnvironment(db, { ...ADMIN_ENV, MAKIMA_ADMIN_PASSWORD: "short" })).rejects.toThrow(
      "MAKIMA_ADMIN_PASSWORD: Password must be at least 12 characters",
    );
    await expect(createOwnerFromEnvironment(db, { ...ADMIN_ENV, MAKIMA_ADMIN_EMAIL: "not an email" })).rejects.toThrow(
      /^MAKIMA_ADMIN_EMAIL: /,
    );
    expect(await db.user.count()).toBe(0);
  });

  it("gives the first owner the keys and tasks made before accounts existed, but not the local daemon's key", async () => {
    const old = await createApiKey(db, { name: "old script", scope: "cli", userId: null });
    const local = await createApiKey(db, { name: LOCAL_DAEMON_KEY_NAME, scope: "daemon", userId: null });
    const contract = await db.contract.create({ data: { name: "c", repository: "/r" } });
    const task = await db.task.create({
      data: { contractId: contract.id, name: "waiting supervisor", plan: "p", status: "paused" },
    });
    const taskKey = await createApiKey(db, {
      name: "task",
      scope: "task",
      userId: null,
      contractId: contract.id,
      taskId: task.id,
    });
    await createOwnerFromEnvironment(db, ADMIN_ENV);
    const owner = await db.user.findFirstOrThrow();
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: old.id } })).userId).toBe(owner.id);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: taskKey.id } })).userId).toBe(owner.id);
    expect((await db.task.findUniqueOrThrow({ where: { id: task.id } })).createdById).toBe(owner.id);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: local.id } })).userId).toBeNull();
    await db.contract.deleteMany();
  });
});

describe("the set-up token", () => {
  it("makes the owner once: the token is spent, and a used, wrong or replaced token makes nothing", async () => {
    const first = (await issueSetupToken(db))!;
    const token = (await issueSetupToken(db))!;
    expect(token).not.toBe(first);
    expect(await setupTokenState(db, first)).toBe("invalid");
    expect(await setupTokenState(db, "wrong")).toBe("invalid");
    expect(await setupTokenState(db, "")).toBe("invalid");
    expect(await setupTokenState(db, token)).toBe("valid");
    await expect(
      createOwnerWithSetupToken(db, first, { email: "o@example.com", password: "a long enough password" }),
    ).rejects.toThrow(/not valid/);
    expect(await db.user.count()).toBe(0);

    const owner = await createOwnerWithSetupToken(db, token, {
      email: "o@example.com",
      password: "a long enough password",
    });
    expect(owner.role).toBe("owner");
    expect(await setupTokenState(db, token)).toBe("done");
    const again = await createOwnerWithSetupToken(db, token, {
      email: "p@example.com",
      password: "a long enough password",
    }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(AppError);
    expect((again as AppError).code).toBe("conflict");
    expect(await issueSetupToken(db)).toBeNull();
    expect(await db.user.count()).toBe(1);
  });

  it("makes one owner when one link is submitted twice at once, and stays good when the account could not be made", async () => {
    const token = (await issueSetupToken(db))!;
    const results = await Promise.allSettled([
      createOwnerWithSetupToken(db, token, { email: "one@example.com", password: "a long enough password" }),
      createOwnerWithSetupToken(db, token, { email: "two@example.com", password: "a long enough password" }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await db.user.count()).toBe(1);

    await db.user.deleteMany();
    const again = (await issueSetupToken(db))!;
    const failing = vi.spyOn(db, "$transaction").mockRejectedValueOnce(new Error("disk I/O error"));
    await expect(
      createOwnerWithSetupToken(db, again, { email: "o@example.com", password: "a long enough password" }),
    ).rejects.toThrow("disk I/O error");
    failing.mockRestore();
    expect(await setupTokenState(db, again)).toBe("valid");
    await createOwnerWithSetupToken(db, again, { email: "o@example.com", password: "a long enough password" });
    expect(await setupTokenState(db, again)).toBe("done");
  });

  it("expires after 24 hours", async () => {
    const token = (await issueSetupToken(db))!;
    vi.useFakeTimers({ now: Date.now() + 24 * 3600 * 1000 + 1000, toFake: ["Date"] });
    expect(await setupTokenState(db, token)).toBe("invalid");
  });

  it("is kept only as a hash", async () => {
    const token = (await issueSetupToken(db))!;
    expect(JSON.stringify(await db.serverSetting.findMany())).not.toContain(token);
  });
});

describe("accounts", () => {
  it("refuses a second account with the same email", async () => {
    await createAccount(db, { email: "a@example.com", role: "member", password: "a long enough password" });
    await expect(createAccount(db, { email: "a@example.com", role: "viewer" })).rejects.toThrow(
      "There is already an account for a@example.com.",
    );
  });

  it("setPassword replaces the password and ends the person's sessions", async () => {
    const user = await createAccount(db, { email: "b@example.com", role: "member" });
    await db.session.create({
      data: { id: "s1", token: "t1", userId: user.id, expiresAt: new Date(Date.now() + 60_000) },
    });
    await setPassword(db, user.id, "the first new password");
    await setPassword(db, user.id, "the second new password");
    const accounts = await db.account.findMany({ where: { userId: user.id } });
    expect(accounts).toHaveLength(1);
    expect(await verifyPassword({ hash: accounts[0]!.password!, password: "the second new password" })).toBe(true);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });
});
