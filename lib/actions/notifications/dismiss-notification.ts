"use server";

import { dismissNotifications } from "../../notifications/dismiss-notifications";
import { DismissNotificationInput } from "../../schemas/notification";
import { gatedFormAction } from "../../server/gate";

/** A notification's "Dismiss": it disappears in every open browser. Dismissing is the person's own tidying. */
export const dismissNotificationAction = gatedFormAction({
  role: "viewer",
  input: DismissNotificationInput,
  run: async (input) => {
    await dismissNotifications(input);
  },
});
