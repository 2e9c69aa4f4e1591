"use server";

import { submitLoginCode } from "../../logins/submit-login-code";
import { SubmitLoginCodeInput } from "../../schemas/notification";
import { errorFormState, parseForm, type FormState } from "../form-state";

/** The login banner's "Submit code": the code goes to the daemon's waiting `claude setup-token`. */
export async function submitLoginCodeAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(SubmitLoginCodeInput, formData);
  if ("state" in parsed) return parsed.state;
  try {
    return { ok: true, message: await submitLoginCode(parsed.data) };
  } catch (error) {
    return errorFormState(error, parsed.values);
  }
}
