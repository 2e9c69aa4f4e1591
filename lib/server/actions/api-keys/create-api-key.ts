"use server";

import "server-only";
import { revalidatePath } from "next/cache";
import { createApiKeyForPerson } from "../../api-keys/create-api-key";
import { hasRole } from "../../../shared/auth/roles";
import { AppError } from "../../../shared/app-error";
import { ApiKeyInput } from "../../../shared/schemas/api-key";
import { recordAudit } from "../../audit";
import { gatedFormAction } from "../../gate";
import type { FormState } from "../../../shared/form-state";

/** The "New API key" form's state; `secret` is the new key in plain text, present only in the reply that made it. */
export type CreateApiKeyState = FormState & { secret?: string };

/**
 * The settings page's "New API key" form: members make cli keys for themselves, admins daemon keys too. The plain
 * key goes back in this reply only (never stored, never rendered by the page itself), so it is shown once.
 */
export const createApiKeyAction = gatedFormAction({
  role: "member",
  input: ApiKeyInput,
  run: async (input, { actor }): Promise<CreateApiKeyState> => {
    if (input.scope === "daemon" && !hasRole(actor.role, "admin")) {
      throw new AppError("forbidden", "Only an admin may make daemon keys: a daemon runs commands for everyone.");
    }
    const { apiKey, key } = await createApiKeyForPerson(input, actor.userId);
    await recordAudit(actor, {
      action: "api_key.create",
      targetType: "api_key",
      targetId: apiKey.id,
      summary: `Made the ${apiKey.scope} key “${apiKey.name}”`,
    });
    revalidatePath("/settings");
    return { ok: true, message: `Created the ${apiKey.scope} key "${apiKey.name}".`, values: {}, secret: key };
  },
});
