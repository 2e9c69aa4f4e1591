"use client";

import Link from "next/link";
import { useActionState, useState } from "react";
import { deleteContractAction } from "@/lib/actions/contracts/delete-contract";
import { setContractStatusAction } from "@/lib/actions/contracts/set-contract-status";
import type { FormState } from "@/lib/actions/form-state";
import { FormMessage } from "@/components/ui/form-fields";
import { dangerButtonClass, dangerSolidButtonClass, secondaryButtonClass } from "@/components/ui/styles";

type Props = { contractId: string; status: string; taskCount: number };

/** Edit, complete, archive, reopen and (after a confirm step) delete a contract. */
export function ContractActions({ contractId, status, taskCount }: Props) {
  const [statusState, statusAction, statusPending] = useActionState(setContractStatusAction, { ok: false } as FormState);
  const [deleteState, deleteAction, deletePending] = useActionState(deleteContractAction, { ok: false } as FormState);
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
          <button type="submit" name="status" value="completed" className={secondaryButtonClass} disabled={busy || status === "completed"}>
            Complete contract
          </button>
          <button type="submit" name="status" value="archived" className={secondaryButtonClass} disabled={busy || status === "archived"}>
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
          className="flex flex-wrap items-center gap-2 rounded-md border border-red-200 bg-red-50 px-3 py-2"
        >
          <input type="hidden" name="id" value={contractId} />
          <p id="confirm-delete-text" className="text-red-900">
            Delete this contract and its {taskCount} {taskCount === 1 ? "task" : "tasks"}, with all their output? This cannot be
            undone.
          </p>
          <button type="submit" className={dangerSolidButtonClass} disabled={busy}>
            Confirm delete
          </button>
          <button type="button" className={secondaryButtonClass} disabled={busy} onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </form>
      )}
      <FormMessage ok={statusState.ok} message={statusState.message} />
      <FormMessage ok={deleteState.ok} message={deleteState.message} />
    </div>
  );
}
