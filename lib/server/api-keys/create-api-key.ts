import "server-only";
import { getDb, type PrismaClient } from "../db/client";
import { ApiKeyInput } from "../../shared/schemas/api-key";
import { createApiKey } from "./api-key-store";
import { API_KEY_SUMMARY_SELECT, type ApiKeySummary } from "./list-api-keys";

/**
 * A key a person asked for on the settings page (cli or daemon scope; task keys are the server's own).
 * Returns the key in plain text, this once: only its hash is stored.
 */
export async function createApiKeyForPerson(
  input: ApiKeyInput,
  userId: string,
  db: PrismaClient = getDb(),
): Promise<{ apiKey: ApiKeySummary; key: string }> {
  const { name, scope } = ApiKeyInput.parse(input);
  const { id, key } = await createApiKey(db, { name, scope, userId });
  const apiKey = await db.apiKey.findUniqueOrThrow({ where: { id }, select: API_KEY_SUMMARY_SELECT });
  return { apiKey, key };
}
