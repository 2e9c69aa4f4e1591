import "server-only";
import { betterAuth, type BetterAuthOptions } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError } from "better-auth/api";
import { getDb, type PrismaClient } from "../db/client";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../../shared/schemas/user";
import { CLIENT_IP_HEADER } from "../request-guard";
import { readAuthSecret } from "./auth-secret";

/** What better-auth needs to know about the running server; `makima server` sets it before serving. */
export interface AuthSettings {
  /** The address people use: MAKIMA_PUBLIC_URL, else the bound address. */
  baseUrl: string;
  /** Every origin a browser may call from (the guard's allowed origins). */
  trustedOrigins: string[];
}

/** Sessions last a week, and each day of use extends them. */
const SESSION_EXPIRES_S = 7 * 24 * 3600;
const SESSION_UPDATE_AGE_S = 24 * 3600;
/** Sign-in: 5 attempts a minute from one address (better-auth's own default is 3 per 10 s). */
const SIGN_IN_RATE_LIMIT = { window: 60, max: 5 };

export interface AuthHooks {
  /** A session was deleted (sign-out, revoked, expired and swept): its sockets must go. */
  sessionEnded(session: { id: string; userId: string }): void;
}

/**
 * better-auth's options for Makima, also what `getAuthTables()` reads in the schema test: email and password only,
 * no public sign-up (accounts are made by the first-owner set-up, an admin, or `makima user add`), sessions in the
 * database with no cookie cache (a revoked session ends at once), rate limits counted in the database so that the
 * server's and Next.js' copies of this module (and later replicas) count together.
 */
export function authOptions(db: PrismaClient, secret: string, settings: AuthSettings, hooks?: AuthHooks) {
  return {
    appName: "Makima",
    secret,
    baseURL: settings.baseUrl,
    trustedOrigins: settings.trustedOrigins,
    database: prismaAdapter(db, { provider: "sqlite" }),
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: PASSWORD_MIN_LENGTH,
      maxPasswordLength: PASSWORD_MAX_LENGTH,
      // A password link (a new user's, a forgotten password's) ends the person's other sessions when used.
      revokeSessionsOnPasswordReset: true,
    },
    user: {
      additionalFields: {
        role: { type: "string", required: true, defaultValue: "viewer", input: false },
        disabledAt: { type: "date", required: false, input: false },
      },
    },
    session: { expiresIn: SESSION_EXPIRES_S, updateAge: SESSION_UPDATE_AGE_S, cookieCache: { enabled: false } },
    // One-time tokens (password links, the first owner's set-up token) are stored hashed.
    verification: { storeIdentifier: "hashed" },
    rateLimit: {
      enabled: true,
      storage: "database",
      window: 60,
      max: 300,
      customRules: { "/sign-in/email": SIGN_IN_RATE_LIMIT },
    },
    advanced: {
      // Set by the request guard from the socket's peer (or a trusted proxy's X-Forwarded-For), never by a client.
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
      useSecureCookies: settings.baseUrl.startsWith("https:"),
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
    },
    databaseHooks: {
      session: {
        create: {
          before: async (session: { userId: string }) => {
            const user = await db.user.findUnique({ where: { id: session.userId }, select: { disabledAt: true } });
            // The answer a wrong password gets: it must not tell that the password was right for a disabled account.
            if (!user || user.disabledAt) {
              throw new APIError("UNAUTHORIZED", {
                message: "Invalid email or password",
                code: "INVALID_EMAIL_OR_PASSWORD",
              });
            }
          },
        },
        delete: { after: async (session: { id: string; userId: string }) => hooks?.sessionEnded(session) },
      },
    },
    telemetry: { enabled: false },
  } satisfies BetterAuthOptions;
}

export type MakimaAuth = ReturnType<typeof betterAuth<ReturnType<typeof authOptions>>>;

// The custom server and Next.js' bundle each load this module; both use one instance, kept on globalThis.
const holder = globalThis as unknown as {
  __makimaAuthSettings?: AuthSettings;
  __makimaAuthHooks?: AuthHooks;
  __makimaAuth?: Promise<MakimaAuth>;
};

/** Called once by `makima server` before it serves anything. */
export function configureAuth(settings: AuthSettings, hooks: AuthHooks): void {
  holder.__makimaAuthSettings = settings;
  holder.__makimaAuthHooks = hooks;
  holder.__makimaAuth = undefined;
}

/** The address people use to reach this server (for links such as a new user's password link). */
export function getAuthBaseUrl(): string {
  const settings = holder.__makimaAuthSettings;
  if (!settings) throw new Error("Authentication is not configured: start the dashboard with `makima server`.");
  return settings.baseUrl;
}

/** The better-auth instance, made on first use with the secret kept in the database. */
export function getAuth(): Promise<MakimaAuth> {
  const settings = holder.__makimaAuthSettings;
  if (!settings) throw new Error("Authentication is not configured: start the dashboard with `makima server`.");
  holder.__makimaAuth ??= (async () => {
    const db = getDb();
    return betterAuth(authOptions(db, await readAuthSecret(db), settings, holder.__makimaAuthHooks));
  })();
  return holder.__makimaAuth;
}
