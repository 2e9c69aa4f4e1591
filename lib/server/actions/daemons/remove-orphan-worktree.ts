"use server";

import "server-only";
import { revalidatePath } from "next/cache";
import { removeOrphanWorktree } from "../../daemons/remove-orphan-worktree";
import { RemoveOrphanWorktreeInput } from "../../../shared/schemas/daemon";
import { recordAudit } from "../../audit";
import { gatedFormAction } from "../../gate";

/** The daemons page's "Remove" on a worktree no task owns. */
export const removeOrphanWorktreeAction = gatedFormAction({
  role: "admin",
  input: RemoveOrphanWorktreeInput,
  run: async (input, { actor }) => {
    const message = await removeOrphanWorktree(input);
    await recordAudit(actor, {
      action: "daemon.orphan_remove",
      targetType: "orphan",
      targetId: input.id,
      summary: message,
    });
    revalidatePath("/daemons");
    return { ok: true, message };
  },
});
