"use server";

import { revalidatePath } from "next/cache";
import { SetUserDisabledInput } from "../../schemas/user";
import { recordAudit } from "../../server/audit";
import { setUserDisabled } from "../../server/auth/users";
import { gatedFormAction } from "../../server/gate";

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
