import "server-only";
import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import type { Role } from "../../shared/auth/roles";
import { AppError } from "../../shared/app-error";
import type { PrismaClient } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { adoptOwnerlessRecords } from "../api-keys/api-key-store";
import { Email, Password } from "../../shared/schemas/user";
import type { MakimaAuth } from "./auth";

export const CREDENTIAL_PROVIDER = "credential";
const SETUP_TOKEN_KEY = "setup_token";
const SETUP_TOKEN_TTL_MS = 24 * 3600 * 1000;
/** How long a new user's (or a reset) password link stays good. */
const PASSWORD_LINK_TTL_MS = 3 * 24 * 3600 * 1000;

export interface NewAccount {
  email: string;
  name?: string;
  role: Role;
  /** Without one, the person sets theirs through a one-time link. */
  password?: string;
}

/**
 * Creates a user and, with a password, their credential account, in one transaction. The email is unique, so two
 * servers creating the same first owner at once make one (the other gets a conflict). The first owner also takes
 * the API keys and tasks made before accounts existed.
 */
export async function createAccount(db: PrismaClient, account: NewAccount) {
  const passwordHash = account.password === undefined ? undefined : await hashPassword(account.password);
  try {
    const user = await db.$transaction(async (tx) => {
      const created = await tx.user.create({
        data: {
          id: randomUUID(),
          email: account.email,
          name: account.name || account.email.split("@")[0]!,
          role: account.role,
        },
      });
      if (passwordHash) {
        await tx.account.create({
          data: {
            id: randomUUID(),
            accountId: created.id,
            providerId: CREDENTIAL_PROVIDER,
            userId: created.id,
            password: passwordHash,
          },
        });
      }
      return created;
    });
    if (account.role === "owner" && (await db.user.count({ where: { role: "owner" } })) === 1)
      await adoptOwnerlessRecords(db, user.id);
    return user;
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("conflict", `There is already an account for ${account.email}.`);
    }
    throw error;
  }
}

/** Sets (or replaces) a user's password, ending their sessions. */
export async function setPassword(db: PrismaClient, userId: string, password: string): Promise<void> {
  const hash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    const existing = await tx.account.findFirst({ where: { userId, providerId: CREDENTIAL_PROVIDER } });
    if (existing) await tx.account.update({ where: { id: existing.id }, data: { password: hash } });
    else
      await tx.account.create({
        data: { id: randomUUID(), accountId: userId, providerId: CREDENTIAL_PROVIDER, userId, password: hash },
      });
    await tx.session.deleteMany({ where: { userId } });
  });
}

export async function hasAnyAccount(db: PrismaClient): Promise<boolean> {
  return (await db.user.count()) > 0;
}

/**
 * Unattended installs: while the database holds no account, MAKIMA_ADMIN_EMAIL and MAKIMA_ADMIN_PASSWORD make the
 * owner at start-up. Returns the email when it made one.
 */
export async function createOwnerFromEnvironment(
  db: PrismaClient,
  env: Readonly<Record<string, string | undefined>>,
): Promise<string | null> {
  const email = env.MAKIMA_ADMIN_EMAIL?.trim().toLowerCase();
  const password = env.MAKIMA_ADMIN_PASSWORD;
  if (!email || !password || (await hasAnyAccount(db))) return null;
  const parsed = { email: Email.safeParse(email), password: Password.safeParse(password) };
  if (!parsed.email.success) throw new Error(`MAKIMA_ADMIN_EMAIL: ${parsed.email.error.issues[0]!.message}`);
  if (!parsed.password.success) throw new Error(`MAKIMA_ADMIN_PASSWORD: ${parsed.password.error.issues[0]!.message}`);
  try {
    await createAccount(db, { email: parsed.email.data, password: parsed.password.data, role: "owner" });
    return parsed.email.data;
  } catch (error) {
    // Another server starting at the same moment made it.
    if (error instanceof AppError && error.code === "conflict") return null;
    throw error;
  }
}

const sha256 = (value: string) => createHash("sha256").update(value).digest();

/**
 * A new one-time token for `/setup`, replacing the one a previous start printed; only its hash is kept. Null once an
 * account exists.
 */
export async function issueSetupToken(db: PrismaClient): Promise<string | null> {
  if (await hasAnyAccount(db)) return null;
  const token = randomBytes(24).toString("base64url");
  const value = JSON.stringify({ hash: sha256(token).toString("hex"), expiresAt: Date.now() + SETUP_TOKEN_TTL_MS });
  await db.serverSetting.upsert({
    where: { key: SETUP_TOKEN_KEY },
    create: { key: SETUP_TOKEN_KEY, value },
    update: { value },
  });
  return token;
}

/** Whether `/setup?token=` may make the first owner: the latest token, not expired, and still no account. */
export async function setupTokenState(db: PrismaClient, token: string): Promise<"valid" | "invalid" | "done"> {
  if (await hasAnyAccount(db)) return "done";
  const row = await db.serverSetting.findUnique({ where: { key: SETUP_TOKEN_KEY } });
  if (!row || !token) return "invalid";
  const stored = JSON.parse(row.value) as { hash: string; expiresAt: number };
  const expected = Buffer.from(stored.hash, "hex");
  const given = sha256(token);
  return stored.expiresAt > Date.now() && timingSafeEqual(expected, given) ? "valid" : "invalid";
}

/**
 * Makes the first owner with the set-up token. The token is spent first, in one conditional delete, so two
 * submissions of one link make one owner; if making the account then fails, the token is put back.
 */
export async function createOwnerWithSetupToken(db: PrismaClient, token: string, account: Omit<NewAccount, "role">) {
  const state = await setupTokenState(db, token);
  if (state === "done") throw new AppError("conflict", "The first account has already been made: sign in instead.");
  const row = state === "valid" ? await db.serverSetting.findUnique({ where: { key: SETUP_TOKEN_KEY } }) : null;
  const spent = row
    ? (await db.serverSetting.deleteMany({ where: { key: SETUP_TOKEN_KEY, value: row.value } })).count === 1
    : false;
  if (!spent)
    throw new AppError(
      "forbidden",
      "This set-up link is not valid (or has expired): restart the server for a new one.",
    );
  try {
    if (await hasAnyAccount(db))
      throw new AppError("conflict", "The first account has already been made: sign in instead.");
    return await createAccount(db, { ...account, role: "owner" });
  } catch (error) {
    // Nothing was made (a taken email, say): the link still works.
    if (!(await hasAnyAccount(db))) await db.serverSetting.create({ data: row! }).catch(() => undefined);
    throw error;
  }
}

/** A one-time link with which a person sets their password (a new user, or a forgotten password). */
export async function createPasswordLink(auth: MakimaAuth, baseUrl: string, userId: string): Promise<string> {
  const token = randomBytes(24).toString("base64url");
  const context = await auth.$context;
  // better-auth's own reset-password token: its /reset-password endpoint checks and spends it.
  await context.internalAdapter.createVerificationValue({
    identifier: `reset-password:${token}`,
    value: userId,
    expiresAt: new Date(Date.now() + PASSWORD_LINK_TTL_MS),
  });
  return `${baseUrl.replace(/\/$/, "")}/set-password?token=${encodeURIComponent(token)}`;
}
