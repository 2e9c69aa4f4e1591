"use server";

import { revalidatePath } from "next/cache";
import { RevokeSessionInput } from "../../schemas/user";
import { recordAudit } from "../../server/audit";
import { revokeOwnSession } from "../../server/auth/users";
import { gatedFormAction } from "../../server/gate";

/** Settings → Sessions → "Revoke": one of the person's own sessions ends, with its live views. */
export const revokeSessionAction = gatedFormAction({
  role: "viewer",
  input: RevokeSessionInput,
  run: async (input, { actor }) => {
    await revokeOwnSession(actor, input.sessionId);
    await recordAudit(actor, {
      action: "session.revoke",
      targetType: "session",
      targetId: input.sessionId,
      summary: "Revoked a session",
    });
    revalidatePath("/settings");
    return { ok: true, message: "Session revoked." };
  },
});
