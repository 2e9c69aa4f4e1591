import type { Contract } from "@/lib/generated/prisma/client";
import { COMPLETION_ACTION_LABELS } from "@/lib/shared/protocol/worktree";
import { DANGEROUS_PERMISSION_MODE, PERMISSION_MODE_LABELS } from "@/lib/shared/schemas/contract";
import { plural } from "@/lib/shared/stream/format";
import { formatDateTime } from "@/components/ui/format";
import { cardClass } from "@/components/ui/styles";
import { ContractLoopSwitch } from "./contract-loop-switch";
import { ContractStatusBadge } from "./contract-status-badge";

function Item({ term, termId, children }: { term: string; termId?: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[9rem_1fr] gap-2 px-3 py-1.5">
      <dt id={termId} className="text-neutral-500">
        {term}
      </dt>
      <dd className="min-w-0 break-words text-neutral-900">{children}</dd>
    </div>
  );
}

const LOOP_LABEL_ID = "contract-autonomous-loop-label";

/** A contract's settings, as a definition list; the autonomous loop is switched right here. */
export function ContractDetails({ contract }: { contract: Contract }) {
  return (
    <dl className={`${cardClass} divide-y divide-neutral-100`}>
      <Item term="Status">
        <ContractStatusBadge status={contract.status} />
      </Item>
      <Item term="Repository">
        <span className="font-mono text-xs">{contract.repository}</span>
      </Item>
      <Item term="Base branch">
        <span className="font-mono text-xs">{contract.baseBranch}</span>
      </Item>
      <Item term="Target branch">
        <span className="font-mono text-xs">{contract.targetBranch}</span>
      </Item>
      <Item term="Autonomous loop" termId={LOOP_LABEL_ID}>
        <ContractLoopSwitch
          contractId={contract.id}
          on={contract.autonomousLoop}
          active={contract.status === "active"}
          labelId={LOOP_LABEL_ID}
        />
        <span className="block text-xs text-neutral-500">
          Up to {contract.maxIterations} iterations; tasks started from now on follow this setting.
        </span>
      </Item>
      <Item term="On completion">{COMPLETION_ACTION_LABELS[contract.completionAction]}</Item>
      <Item term="Permissions">
        <span data-testid="contract-permission-mode" data-mode={contract.permissionMode}>
          {PERMISSION_MODE_LABELS[contract.permissionMode]}
        </span>
        {contract.permissionMode === DANGEROUS_PERMISSION_MODE && (
          <span className="mt-1 block rounded-md bg-red-50 px-2 py-1 text-xs font-medium text-red-800 ring-1 ring-red-200 ring-inset">
            Dangerous: claude runs any command without asking.
          </span>
        )}
      </Item>
      <Item term="Unanswered requests">
        <span data-testid="contract-deny-after">
          {contract.denyUnansweredAfterMinutes === null
            ? "Wait until someone answers"
            : `Denied after ${plural(contract.denyUnansweredAfterMinutes, "minute")}`}
        </span>
      </Item>
      <Item term="Interrupted tasks">
        <span data-testid="contract-auto-resume">
          {contract.autoResume ? "Resumed automatically (at most 3 times a task)" : "Resumed when someone asks"}
        </span>
      </Item>
      <Item term="Created">{formatDateTime(contract.createdAt)}</Item>
      <Item term="Updated">{formatDateTime(contract.updatedAt)}</Item>
    </dl>
  );
}
