"use server";

import "server-only";
import { revalidatePath } from "next/cache";
import { cleanupContractWorktrees } from "../../contracts/cleanup-contract-worktrees";
import { CleanupContractWorktreesInput } from "../../../shared/schemas/contract";
import { recordAudit } from "../../audit";
import { gatedFormAction } from "../../gate";
import { plural } from "../../../shared/stream/format";

/** The contract page's confirmed "Clean up worktrees"; each task's result then arrives live in the task list. */
export const cleanupContractWorktreesAction = gatedFormAction({
  role: "member",
  input: CleanupContractWorktreesInput,
  run: async (input, { actor }) => {
    const { queued, skippedRunning } = await cleanupContractWorktrees(input);
    await recordAudit(actor, {
      action: "contract.cleanup",
      targetType: "contract",
      targetId: input.id,
      summary: `Cleaned up ${plural(queued.length, "worktree")}${input.deleteBranches ? ", deleting their branches" : ""}`,
    });
    revalidatePath(`/contracts/${input.id}`);
    const parts = [
      queued.length === 0
        ? "No finished task has a worktree to clean up."
        : `Cleaning up ${plural(queued.length, "worktree")}.`,
    ];
    if (skippedRunning.length === 1) parts.push("1 unfinished task keeps its worktree.");
    if (skippedRunning.length > 1) parts.push(`${skippedRunning.length} unfinished tasks keep their worktrees.`);
    return { ok: true, message: parts.join(" ") };
  },
});
