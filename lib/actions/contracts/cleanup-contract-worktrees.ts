"use server";

import { revalidatePath } from "next/cache";
import { cleanupContractWorktrees } from "../../contracts/cleanup-contract-worktrees";
import { CleanupContractWorktreesInput } from "../../schemas/contract";
import { plural } from "../../stream/format";
import { errorFormState, parseForm, type FormState } from "../form-state";

/** The contract page's confirmed "Clean up worktrees"; each task's result then arrives live in the task list. */
export async function cleanupContractWorktreesAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(CleanupContractWorktreesInput, formData);
  if ("state" in parsed) return parsed.state;
  try {
    const { queued, skippedRunning } = await cleanupContractWorktrees(parsed.data);
    revalidatePath(`/contracts/${parsed.data.id}`);
    const parts = [queued.length === 0 ? "No finished task has a worktree to clean up." : `Cleaning up ${plural(queued.length, "worktree")}.`];
    if (skippedRunning.length === 1) parts.push("1 unfinished task keeps its worktree.");
    if (skippedRunning.length > 1) parts.push(`${skippedRunning.length} unfinished tasks keep their worktrees.`);
    return { ok: true, message: parts.join(" ") };
  } catch (error) {
    return errorFormState(error);
  }
}
