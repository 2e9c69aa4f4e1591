"use server";

import "server-only";
import { PasswordLinkInput } from "../../../shared/schemas/user";
import { recordAudit } from "../../audit";
import { newPasswordLink } from "../../auth/users";
import { gatedFormAction } from "../../gate";
import type { AddUserState } from "./add-user";

/** A user's "Password link" on Settings → Users: a new one-time link for a forgotten password. */
export const createPasswordLinkAction = gatedFormAction({
  role: "admin",
  input: PasswordLinkInput,
  run: async (input, { actor }): Promise<AddUserState> => {
    const { email, link } = await newPasswordLink(actor, input.userId);
    await recordAudit(actor, {
      action: "user.password_link",
      targetType: "user",
      targetId: input.userId,
      summary: `Made a password link for ${email}`,
    });
    return { ok: true, message: `One-time password link for ${email}:`, link };
  },
});
