"use server";

import { dismissNotifications } from "../../notifications/dismiss-notifications";
import { DismissNotificationInput } from "../../schemas/notification";
import { errorFormState, parseForm, type FormState } from "../form-state";

/** A notification's "Dismiss": it disappears in every open browser. */
export async function dismissNotificationAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(DismissNotificationInput, formData);
  if ("state" in parsed) return parsed.state;
  try {
    await dismissNotifications(parsed.data);
    return { ok: true };
  } catch (error) {
    return errorFormState(error);
  }
}
