"use server";

import "server-only";
import { revalidatePath } from "next/cache";
import { revokeApiKey } from "../../api-keys/revoke-api-key";
import { RevokeApiKeyInput } from "../../../shared/schemas/api-key";
import { recordAudit } from "../../audit";
import { gatedFormAction } from "../../gate";
import { getRuntime } from "../../runtime";

/** A key's confirmed "Revoke" on the settings page (a person's own keys; an admin's, anyone's). */
export const revokeApiKeyAction = gatedFormAction({
  role: "member",
  input: RevokeApiKeyInput,
  run: async (input, { actor }) => {
    const apiKey = await revokeApiKey(input, actor);
    // Daemons connected with the key are dropped now rather than at their next reconnect.
    getRuntime().apiKeyRevoked(apiKey.id);
    await recordAudit(actor, {
      action: "api_key.revoke",
      targetType: "api_key",
      targetId: apiKey.id,
      summary: `Revoked the key “${apiKey.name}”`,
    });
    revalidatePath("/settings");
    return { ok: true, message: `Revoked "${apiKey.name}".` };
  },
});
