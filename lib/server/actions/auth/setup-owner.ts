"use server";

import "server-only";
import { redirect } from "next/navigation";
import { getDb } from "../../db/client";
import { SetupOwnerInput } from "../../../shared/schemas/user";
import { createOwnerWithSetupToken } from "../../auth/accounts";
import { gatedFormAction } from "../../gate";

/** `/setup`: the first account, an owner, made with the one-time token `makima server` printed. */
export const setupOwnerAction = gatedFormAction({
  // Nobody has an account yet: the one-time token is the credential.
  role: "public",
  input: SetupOwnerInput,
  run: async ({ token, ...account }) => {
    await createOwnerWithSetupToken(getDb(), token, account);
    redirect("/sign-in?created=1");
  },
});
