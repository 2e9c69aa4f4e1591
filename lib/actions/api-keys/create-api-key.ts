"use server";

import { revalidatePath } from "next/cache";
import { createApiKeyForPerson } from "../../api-keys/create-api-key";
import { ApiKeyInput } from "../../schemas/api-key";
import { errorFormState, parseForm, type FormState } from "../form-state";

/** The "New API key" form's state; `secret` is the new key in plain text, present only in the reply that made it. */
export type CreateApiKeyState = FormState & { secret?: string };

/**
 * The settings page's "New API key" form. The plain key goes back in this reply only (never stored, never
 * rendered by the page itself), so it is shown once: reloading the page loses it.
 */
export async function createApiKeyAction(_previous: CreateApiKeyState, formData: FormData): Promise<CreateApiKeyState> {
  const parsed = parseForm(ApiKeyInput, formData);
  if ("state" in parsed) return parsed.state;
  try {
    const { apiKey, key } = await createApiKeyForPerson(parsed.data);
    revalidatePath("/settings");
    return { ok: true, message: `Created the ${apiKey.scope} key "${apiKey.name}".`, values: {}, secret: key };
  } catch (error) {
    return errorFormState(error, parsed.values);
  }
}
