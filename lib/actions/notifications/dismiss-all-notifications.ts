"use server";

import { dismissNotifications } from "../../notifications/dismiss-notifications";
import { errorFormState, type FormState } from "../form-state";

/** The panel's "Dismiss all". */
export async function dismissAllNotificationsAction(_previous: FormState, _formData: FormData): Promise<FormState> {
  try {
    const dismissed = await dismissNotifications("all");
    return { ok: true, message: `${dismissed.length} dismissed.` };
  } catch (error) {
    return errorFormState(error);
  }
}
