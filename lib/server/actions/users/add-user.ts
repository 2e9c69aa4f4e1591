"use server";

import "server-only";
import { revalidatePath } from "next/cache";
import { AddUserInput } from "../../../shared/schemas/user";
import { recordAudit } from "../../audit";
import { addUser } from "../../auth/users";
import { gatedFormAction } from "../../gate";
import type { FormState } from "../../../shared/form-state";

/** The Users section's "Add user" state: `link` is the new person's one-time password link, shown once. */
export type AddUserState = FormState & { link?: string };

export const addUserAction = gatedFormAction({
  role: "admin",
  input: AddUserInput,
  run: async (input, { actor }): Promise<AddUserState> => {
    const { user, link } = await addUser(actor, input);
    await recordAudit(actor, {
      action: "user.create",
      targetType: "user",
      targetId: user.id,
      summary: `Added ${user.email} as ${input.role}`,
    });
    revalidatePath("/settings");
    return {
      ok: true,
      message: `Added ${user.email}. Give them this one-time link to set their password:`,
      values: {},
      link,
    };
  },
});
