"use server";

import { closeLogin } from "../../logins/close-login";
import { CloseLoginInput } from "../../schemas/notification";
import { errorFormState, parseForm, type FormState } from "../form-state";

/** The login banner's "Hide": the login leaves the banner in every browser. */
export async function closeLoginAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(CloseLoginInput, formData);
  if ("state" in parsed) return parsed.state;
  try {
    await closeLogin(parsed.data);
    return { ok: true };
  } catch (error) {
    return errorFormState(error);
  }
}
