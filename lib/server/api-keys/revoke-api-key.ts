import "server-only";
import { AppError } from "../../shared/app-error";
import { getDb, type PrismaClient } from "../db/client";
import { hasRole, type Role } from "../../shared/auth/roles";
import { RevokeApiKeyInput } from "../../shared/schemas/api-key";
import { API_KEY_SUMMARY_SELECT, type ApiKeySummary } from "./list-api-keys";

/**
 * Revokes a key: it stops being accepted from now on and stays listed as revoked.
 * A person revokes their own keys; an admin anyone's. Throws AppError "not_found" for an unknown id (or one the person
 * may not see) and "conflict" when the key is already revoked.
 */
export async function revokeApiKey(
  input: RevokeApiKeyInput,
  by: { userId: string; role: Role },
  db: PrismaClient = getDb(),
): Promise<ApiKeySummary> {
  const { id } = RevokeApiKeyInput.parse(input);
  const existing = await db.apiKey.findUnique({ where: { id }, select: API_KEY_SUMMARY_SELECT });
  if (!existing || (existing.userId !== by.userId && !hasRole(by.role, "admin"))) {
    throw new AppError("not_found", "That API key does not exist.");
  }
  // Only an unrevoked key changes, so two revokes at once cannot both succeed.
  const { count } = await db.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) throw new AppError("conflict", `The key "${existing.name}" is already revoked.`);
  return db.apiKey.findUniqueOrThrow({ where: { id }, select: API_KEY_SUMMARY_SELECT });
}
