"use server";

import "server-only";
import { submitLoginCode } from "../../logins/submit-login-code";
import { SubmitLoginCodeInput } from "../../../shared/schemas/notification";
import { recordAudit } from "../../audit";
import { gatedFormAction } from "../../gate";

/** The login banner's "Submit code": the code goes to the daemon's waiting `claude setup-token`. */
export const submitLoginCodeAction = gatedFormAction({
  role: "admin",
  input: SubmitLoginCodeInput,
  run: async (input, { actor }) => {
    const message = await submitLoginCode(input);
    await recordAudit(actor, {
      action: "daemon.login_code",
      targetType: "login",
      targetId: input.loginId,
      summary: "Submitted a Claude login code",
    });
    return { ok: true, message };
  },
});
