"use server";

import "server-only";
import { revalidatePath } from "next/cache";
import { RevokeSessionInput } from "../../../shared/schemas/user";
import { recordAudit } from "../../audit";
import { revokeOwnSession } from "../../auth/users";
import { gatedFormAction } from "../../gate";

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
