"use server";

import "server-only";
import { z } from "zod";
import { dismissNotifications } from "../../notifications/dismiss-notifications";
import { gatedFormAction } from "../../gate";

/** The panel's "Dismiss all": the person's own panel only, so a viewer may too. */
export const dismissAllNotificationsAction = gatedFormAction({
  role: "viewer",
  input: z.object({}),
  run: async (_input, { actor }) => {
    const dismissed = await dismissNotifications(actor.userId, "all");
    return { ok: true, message: `${dismissed.length} dismissed.` };
  },
});
