"use server";

import "server-only";
import { closeLogin } from "../../logins/close-login";
import { CloseLoginInput } from "../../../shared/schemas/notification";
import { recordAudit } from "../../audit";
import { gatedFormAction } from "../../gate";

/** The login banner's "Hide": the login leaves the banner in every browser. */
export const closeLoginAction = gatedFormAction({
  role: "admin",
  input: CloseLoginInput,
  run: async (input, { actor }) => {
    await closeLogin(input);
    await recordAudit(actor, {
      action: "daemon.login_close",
      targetType: "login",
      targetId: input.loginId,
      summary: "Hid a Claude login from the banner",
    });
  },
});
