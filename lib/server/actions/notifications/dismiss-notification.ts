"use server";

import "server-only";
import { dismissNotifications } from "../../notifications/dismiss-notifications";
import { DismissNotificationInput } from "../../../shared/schemas/notification";
import { gatedFormAction } from "../../gate";

/** A notification's "Dismiss": it leaves the person's own panel (in each of their browsers), nobody else's. */
export const dismissNotificationAction = gatedFormAction({
  role: "viewer",
  input: DismissNotificationInput,
  run: async (input, { actor }) => {
    await dismissNotifications(actor.userId, input);
  },
});
