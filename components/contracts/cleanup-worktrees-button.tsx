"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { cleanupContractWorktreesAction } from "@/lib/server/actions/contracts/cleanup-contract-worktrees";
import { CheckboxField, FormMessage } from "@/components/ui/form-fields";
import { useFormAction } from "@/components/ui/use-form-action";
import { buttonClass, secondaryButtonClass } from "@/components/ui/styles";

type Props = { contractId: string; finishedCount: number; runningCount: number };

/**
 * "Clean up worktrees", after a confirm step: removes the worktree of every finished task. Each task's result
 * (cleaned / already gone / failed: reason) then shows in the task list as the daemons answer.
 */
export function CleanupWorktreesButton({ contractId, finishedCount, runningCount }: Props) {
  const [state, action, pending] = useFormAction(cleanupContractWorktreesAction);
  const [confirming, setConfirming] = useState(false);
  const router = useRouter();

  // The counts come with the page, and tasks may have ended since it was rendered: ask for fresh ones.
  function openConfirm() {
    router.refresh();
    setConfirming(true);
  }

  return (
    <div className="space-y-2">
      {!confirming && (
        <button type="button" className={secondaryButtonClass} onClick={openConfirm} disabled={pending}>
          Clean up worktrees
        </button>
      )}
      {confirming && (
        <form
          action={(formData) => {
            setConfirming(false);
            action(formData);
          }}
          role="group"
          aria-labelledby="confirm-cleanup-text"
          className="space-y-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2"
        >
          <input type="hidden" name="id" value={contractId} />
          <p id="confirm-cleanup-text" className="text-amber-950">
            Remove the worktrees of {finishedCount} finished {finishedCount === 1 ? "task" : "tasks"}? Uncommitted work
            is first committed to each task&apos;s branch.
            {runningCount > 0 &&
              ` ${runningCount} running ${runningCount === 1 ? "task keeps its" : "tasks keep their"} worktree.`}
          </p>
          <CheckboxField
            id="cleanup-delete-branches"
            name="deleteBranches"
            label="Also delete the tasks' branches"
            hint="Their commits, and any uncommitted work, are then gone for good."
          />
          <div className="flex gap-2">
            <button type="submit" className={buttonClass}>
              Confirm clean-up
            </button>
            <button type="button" className={secondaryButtonClass} onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      <FormMessage ok={state.ok} message={state.message} />
    </div>
  );
}
