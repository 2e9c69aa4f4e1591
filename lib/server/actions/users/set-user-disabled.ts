"use server";

import "server-only";
import { revalidatePath } from "next/cache";
import { SetUserDisabledInput } from "../../../shared/schemas/user";
import { recordAudit } from "../../audit";
import { setUserDisabled } from "../../auth/users";
import { gatedFormAction } from "../../gate";

/** A user's "Disable" / "Enable" on Settings → Users. */
export const setUserDisabledAction = gatedFormAction({
  role: "admin",
  input: SetUserDisabledInput,
  run: async (input, { actor }) => {
    const user = await setUserDisabled(actor, input.userId, input.disabled);
    await recordAudit(actor, {
      action: input.disabled ? "user.disable" : "user.enable",
      targetType: "user",
      targetId: user.id,
      summary: `${input.disabled ? "Disabled" : "Enabled"} ${user.email}`,
    });
    revalidatePath("/settings");
    return { ok: true, message: `${user.email} is ${input.disabled ? "disabled" : "enabled"}.` };
  },
});
