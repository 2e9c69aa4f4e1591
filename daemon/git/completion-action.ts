import type { CompletionAction, CompletionActionResult } from "../../lib/shared/protocol/worktree";
import { keepTaskBranch, mergeTaskBranch, type TaskBranch } from "./merge-task";
import { gitMessage } from "./git-runner";

export interface CompletionInput extends TaskBranch {
  action: CompletionAction;
  worktreePath: string;
  targetBranch: string;
}

/**
 * Does what the contract asks with a finished task's branch: nothing, keep it (pushed to origin for a clone) or merge
 * it into the target branch (see mergeTaskBranch). Uncommitted work is committed on the branch first. Never throws.
 */
export async function applyCompletionAction(input: CompletionInput): Promise<CompletionActionResult> {
  const { action } = input;
  if (action === "none") return { action, outcome: "nothing", message: "No completion action", conflicts: [] };
  try {
    if (action === "keep_branch") {
      const { outcome, message } = await keepTaskBranch(input);
      return { action, outcome, message, conflicts: [] };
    }
    const { outcome, message, conflicts } = await mergeTaskBranch(input, { squash: false });
    return { action, outcome, message, conflicts };
  } catch (error) {
    // Git's errors come back as failed outcomes: what is thrown (a TaskBranchError) says the branch cannot be used.
    return { action, outcome: "failed", message: gitMessage(error), conflicts: [] };
  }
}
