"use server";

import { z } from "zod";
import { dismissNotifications } from "../../notifications/dismiss-notifications";
import { gatedFormAction } from "../../server/gate";

/** The panel's "Dismiss all". Dismissing is the person's own tidying, so a viewer may too. */
export const dismissAllNotificationsAction = gatedFormAction({
  role: "viewer",
  input: z.object({}),
  run: async () => {
    const dismissed = await dismissNotifications("all");
    return { ok: true, message: `${dismissed.length} dismissed.` };
  },
});
