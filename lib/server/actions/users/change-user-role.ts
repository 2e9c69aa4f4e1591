"use server";

import "server-only";
import { revalidatePath } from "next/cache";
import { ChangeUserRoleInput } from "../../../shared/schemas/user";
import { recordAudit } from "../../audit";
import { changeUserRole } from "../../auth/users";
import { gatedFormAction } from "../../gate";

/** A user's role select on Settings → Users (owners only for owners). */
export const changeUserRoleAction = gatedFormAction({
  role: "admin",
  input: ChangeUserRoleInput,
  run: async (input, { actor }) => {
    const user = await changeUserRole(actor, input.userId, input.role);
    await recordAudit(actor, {
      action: "user.role",
      targetType: "user",
      targetId: user.id,
      summary: `Made ${user.email} ${user.role}`,
    });
    revalidatePath("/settings");
    return { ok: true, message: `${user.email} is now ${user.role}.` };
  },
});
