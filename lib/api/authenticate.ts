import { AppError } from "../contracts/errors";
import { getDb } from "../db/client";
import { hashApiKey } from "../server/api-keys";

/** Who is calling the HTTP API: a person's or script's key (cli), or a task's key, good for its contract only. */
export type ApiCaller = { keyId: string; scope: "cli" } | { keyId: string; scope: "task"; contractId: string; taskId: string | null };

/** The key in `Authorization: Bearer <key>`, or in `X-Api-Key`. */
function presentedKey(request: Request): string | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  return bearer?.[1] ?? request.headers.get("x-api-key")?.trim() ?? null;
}

/** The caller behind the request's API key; an `AppError("unauthorized")` for a missing, unknown or revoked key. */
export async function authenticateApiRequest(request: Request): Promise<ApiCaller> {
  const key = presentedKey(request);
  if (!key) throw new AppError("unauthorized", "An API key is required: send it as `Authorization: Bearer <key>`");
  const db = getDb();
  const row = await db.apiKey.findUnique({ where: { hash: hashApiKey(key) } });
  if (!row || row.scope === "daemon") throw new AppError("unauthorized", "This API key is not valid for the API");
  if (row.revokedAt) throw new AppError("unauthorized", "This API key has been revoked");
  await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  if (row.scope === "task") {
    if (!row.contractId) throw new AppError("unauthorized", "This task key has no contract");
    return { keyId: row.id, scope: "task", contractId: row.contractId, taskId: row.taskId };
  }
  return { keyId: row.id, scope: "cli" };
}

/** A task's key reaches its own contract only. */
export function assertContractAccess(caller: ApiCaller, contractId: string): void {
  if (caller.scope === "task" && caller.contractId !== contractId) {
    throw new AppError("forbidden", "This task's API key belongs to another contract");
  }
}
