"use server";

import { revalidatePath } from "next/cache";
import { revokeApiKey } from "../../api-keys/revoke-api-key";
import { RevokeApiKeyInput } from "../../schemas/api-key";
import { getRuntime } from "../../server/runtime";
import { errorFormState, parseForm, type FormState } from "../form-state";

/** A key's confirmed "Revoke" on the settings page; the key stays listed, as revoked. */
export async function revokeApiKeyAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(RevokeApiKeyInput, formData);
  if ("state" in parsed) return parsed.state;
  try {
    const apiKey = await revokeApiKey(parsed.data);
    // Daemons connected with the key are dropped now rather than at their next reconnect.
    getRuntime().apiKeyRevoked(apiKey.id);
    revalidatePath("/settings");
    return { ok: true, message: `Revoked "${apiKey.name}".` };
  } catch (error) {
    return errorFormState(error);
  }
}
