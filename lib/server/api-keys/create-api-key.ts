import "server-only";
import { getDb, type PrismaClient } from "../db/client";
import { AppError } from "../../shared/app-error";
import { ApiKeyInput } from "../../shared/schemas/api-key";
import { recordCommandAudit } from "../audit";
import { createApiKey, DAEMON_KEY_ROLES } from "./api-key-store";
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
  return makeKey(db, ApiKeyInput.parse(input), userId);
}

/**
 * A key made on the server's machine (`makima key create`), to provision daemons and scripts without a browser. A
 * daemon key may be the server's own (no person) or an admin's or owner's; a cli key acts as its person, so it needs
 * one, who is not disabled. Returns the key in plain text, this once.
 */
export async function createApiKeyOnServer(
  input: ApiKeyInput & { email: string | null },
  db: PrismaClient = getDb(),
): Promise<{ apiKey: ApiKeySummary; key: string }> {
  const { name, scope } = ApiKeyInput.parse(input);
  let userId: string | null = null;
  if (input.email !== null) {
    const person = await db.user.findUnique({ where: { email: input.email } });
    if (!person) throw new AppError("not_found", `There is no account for ${input.email}.`);
    if (person.disabledAt) throw new AppError("conflict", `The account of ${input.email} is disabled.`);
    if (scope === "daemon" && !DAEMON_KEY_ROLES.includes(person.role)) {
      throw new AppError(
        "forbidden",
        `A daemon key's person must be an admin or an owner (a daemon runs commands for everyone): ${input.email} is a ${person.role}.`,
      );
    }
    userId = person.id;
  } else if (scope === "cli") {
    throw new AppError("invalid", "A cli key acts as a person: name one with --user EMAIL.");
  }
  const made = await makeKey(db, { name, scope }, userId);
  await recordCommandAudit("makima key create", {
    action: "api_key.create",
    targetType: "api_key",
    targetId: made.apiKey.id,
    summary: `Made the ${scope} key “${name}”${input.email ? ` for ${input.email}` : ""}`,
  });
  return made;
}

/** The key made, with the summary the settings page lists. */
async function makeKey(
  db: PrismaClient,
  { name, scope }: ApiKeyInput,
  userId: string | null,
): Promise<{ apiKey: ApiKeySummary; key: string }> {
  const { id, key } = await createApiKey(db, { name, scope, userId });
  const apiKey = await db.apiKey.findUniqueOrThrow({ where: { id }, select: API_KEY_SUMMARY_SELECT });
  return { apiKey, key };
}
