"use client";

import Link from "next/link";
import { useState } from "react";
import { deleteContractAction } from "@/lib/server/actions/contracts/delete-contract";
import { setContractStatusAction } from "@/lib/server/actions/contracts/set-contract-status";
import { CheckboxField, FormMessage } from "@/components/ui/form-fields";
import { useFormAction } from "@/components/ui/use-form-action";
import { dangerButtonClass, dangerSolidButtonClass, secondaryButtonClass } from "@/components/ui/styles";
import type { ContractStatus } from "@/lib/shared/schemas/contract";

type Props = { contractId: string; status: ContractStatus; taskCount: number; runningCount: number };

/**
 * Edit, complete, archive, reopen and (after a confirm step that says which running tasks will be stopped) delete a
 * contract.
 */
export function ContractActions({ contractId, status, taskCount, runningCount }: Props) {
  const [statusState, statusAction, statusPending] = useFormAction(setContractStatusAction);
  const [deleteState, deleteAction, deletePending] = useFormAction(deleteContractAction);
  const [confirming, setConfirming] = useState(false);
  const busy = statusPending || deletePending;

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <Link href={`/contracts/${contractId}/edit`} className={secondaryButtonClass}>
          Edit
        </Link>
        <form action={statusAction} className="contents">
          <input type="hidden" name="id" value={contractId} />
          <button
            type="submit"
            name="status"
            value="completed"
            className={secondaryButtonClass}
            disabled={busy || status === "completed"}
          >
            Complete contract
          </button>
          <button
            type="submit"
            name="status"
            value="archived"
            className={secondaryButtonClass}
            disabled={busy || status === "archived"}
          >
            Archive contract
          </button>
          {status !== "active" && (
            <button type="submit" name="status" value="active" className={secondaryButtonClass} disabled={busy}>
              Reopen contract
            </button>
          )}
        </form>
        {!confirming && (
          <button type="button" className={dangerButtonClass} disabled={busy} onClick={() => setConfirming(true)}>
            Delete contract
          </button>
        )}
      </div>
      {confirming && (
        <form
          action={deleteAction}
          role="group"
          aria-labelledby="confirm-delete-text"
          className="space-y-2 rounded-md border border-red-200 bg-red-50 px-3 py-2"
        >
          <input type="hidden" name="id" value={contractId} />
          <p id="confirm-delete-text" className="text-red-900">
            Delete this contract and its {taskCount} {taskCount === 1 ? "task" : "tasks"}, with all their output?
            {runningCount > 0 && (
              <strong className="font-semibold">
                {" "}
                {runningCount} running {runningCount === 1 ? "task is" : "tasks are"} stopped first.
              </strong>
            )}{" "}
            Their worktrees are removed, uncommitted work committed to each task&apos;s branch first. This cannot be
            undone.
          </p>
          <CheckboxField
            id="delete-contract-branches"
            name="deleteBranches"
            label="Also delete the tasks' branches"
            hint="Their commits, and any uncommitted work, are then gone for good."
          />
          <div className="flex flex-wrap gap-2">
            <button type="submit" className={dangerSolidButtonClass} disabled={busy}>
              {runningCount > 0 ? "Stop tasks and delete" : "Confirm delete"}
            </button>
            <button type="button" className={secondaryButtonClass} disabled={busy} onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      <FormMessage ok={statusState.ok} message={statusState.message} />
      <FormMessage ok={deleteState.ok} message={deleteState.message} />
    </div>
  );
}
