import "server-only";
import { AppError } from "../../shared/app-error";
import { getDb } from "../db/client";
import { lowerRole, Role } from "../../shared/auth/roles";
import { hashApiKey } from "../api-keys/api-key-store";
import { CLIENT_IP_HEADER } from "../request-guard";
import { getAuth } from "./auth";

/** Who is making a request, and what they may do. */
export interface Actor {
  userId: string;
  email: string;
  role: Role;
  /** A browser session, a person's API key, or a task's key (bound to its contract). */
  via: "session" | "api_key" | "task_key";
  sessionId?: string;
  keyId?: string;
  /** A task key's contract and task: it reaches that contract only. */
  contractId?: string;
  taskId?: string | null;
  /** The client's address, as the request guard established it. */
  ipAddress: string | null;
}

/** How the actor is named in the audit log and in "Resumed by …"-style notices. */
export function actorLabel(actor: Actor): string {
  if (actor.via === "task_key") return `${actor.email} (task key)`;
  if (actor.via === "api_key") return `${actor.email} (API key)`;
  return actor.email;
}

/** The signed-in person behind the request's session cookie, or null (none, forged, expired, revoked, disabled). */
export async function sessionActor(headers: Headers): Promise<Actor | null> {
  if (!headers.get("cookie")) return null;
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers });
  if (!session || session.user.disabledAt) return null;
  return {
    userId: session.user.id,
    email: session.user.email,
    // better-auth types its additional field as a string; the column holds a Role.
    role: Role.parse(session.user.role),
    via: "session",
    sessionId: session.session.id,
    ipAddress: headers.get(CLIENT_IP_HEADER),
  };
}

/** The key in `Authorization: Bearer <key>`, or in `X-Api-Key`. */
function presentedKey(headers: Headers): string | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "");
  return bearer?.[1] ?? headers.get("x-api-key")?.trim() ?? null;
}

/**
 * The person behind the request's API key, or null when it carries none. A key that is unknown, revoked, a daemon's,
 * or whose person is disabled is refused (401). A task's key acts as the person who started the task, at most as a
 * member, on its own contract only.
 */
export async function apiKeyActor(headers: Headers): Promise<Actor | null> {
  const key = presentedKey(headers);
  if (!key) return null;
  const db = getDb();
  const row = await db.apiKey.findUnique({
    where: { hash: hashApiKey(key) },
    include: { user: true },
  });
  if (!row || row.scope === "daemon") throw new AppError("unauthorized", "This API key is not valid for the API");
  if (row.revokedAt) throw new AppError("unauthorized", "This API key has been revoked");
  // A task's key is made for the person who started the task (createTaskApiKey).
  const person = row.user;
  if (!person) throw new AppError("unauthorized", "This API key belongs to nobody");
  if (person.disabledAt) throw new AppError("unauthorized", "This API key's account is disabled");
  await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  const role = person.role;
  const common = { userId: person.id, email: person.email, keyId: row.id, ipAddress: headers.get(CLIENT_IP_HEADER) };
  if (row.scope === "task") {
    if (!row.contractId) throw new AppError("unauthorized", "This task key has no contract");
    return {
      ...common,
      via: "task_key",
      role: lowerRole(role, "member"),
      contractId: row.contractId,
      taskId: row.taskId,
    };
  }
  return { ...common, via: "api_key", role };
}

/** A task's key reaches its own contract only. */
export function assertContractAccess(actor: Actor, contractId: string): void {
  if (actor.via === "task_key" && actor.contractId !== contractId) {
    throw new AppError("forbidden", "This task's API key belongs to another contract");
  }
}
