"use client";

import { IfCan } from "@/components/auth/role-context";
import { FormMessage, TextField } from "@/components/ui/form-fields";
import { useFormAction } from "@/components/ui/use-form-action";
import { buttonClass, cardClass, secondaryButtonClass } from "@/components/ui/styles";
import { addAllowRuleAction } from "@/lib/server/actions/contracts/add-allow-rule";
import { removeAllowRuleAction } from "@/lib/server/actions/contracts/remove-allow-rule";

type Props = { contractId: string; rules: string[] };

/**
 * The contract's allowed tools: the rules its tasks' claude may use without asking. A member removes one with its
 * Remove button and adds one below; a viewer sees the list only.
 */
export function ContractAllowRules({ contractId, rules }: Props) {
  return (
    <div className="space-y-3">
      {rules.length === 0 ? (
        <p className="text-neutral-500">None: claude asks before every tool its permission mode does not allow.</p>
      ) : (
        <ul aria-label="Allowed tools" className={`${cardClass} divide-y divide-neutral-100`}>
          {rules.map((rule) => (
            <li key={rule} data-testid="allow-rule" className="flex items-center justify-between gap-2 px-3 py-1.5">
              <code className="min-w-0 font-mono text-xs break-all text-neutral-900">{rule}</code>
              <IfCan role="member">
                <RemoveRuleButton contractId={contractId} rule={rule} />
              </IfCan>
            </li>
          ))}
        </ul>
      )}
      <IfCan role="member">
        <AddRuleForm contractId={contractId} />
      </IfCan>
    </div>
  );
}

function RemoveRuleButton({ contractId, rule }: { contractId: string; rule: string }) {
  const [state, action, pending] = useFormAction(removeAllowRuleAction);
  return (
    <form action={action} className="flex shrink-0 flex-col items-end gap-1">
      <input type="hidden" name="contractId" value={contractId} />
      <input type="hidden" name="rule" value={rule} />
      <button
        type="submit"
        className={`${secondaryButtonClass} px-2 py-0.5 text-xs`}
        disabled={pending}
        aria-busy={pending}
        aria-label={`Remove ${rule}`}
      >
        Remove
      </button>
      {!state.ok && <FormMessage ok={false} message={state.message} />}
    </form>
  );
}

function AddRuleForm({ contractId }: { contractId: string }) {
  const [state, action, pending] = useFormAction(addAllowRuleAction);
  return (
    <form action={action} noValidate className="space-y-2">
      <input type="hidden" name="contractId" value={contractId} />
      {!state.fieldErrors && <FormMessage ok={state.ok} message={state.message} />}
      <div className="flex items-start gap-2">
        <div className="min-w-0 flex-1">
          <TextField
            id="contract-new-allow-rule"
            name="rule"
            label="New rule"
            defaultValue={state.values?.rule ?? ""}
            errors={state.fieldErrors?.rule ?? state.fieldErrors?.contractId}
            hint="In Claude Code's rule syntax, e.g. Bash(npm test:*), Edit or WebFetch(domain:example.com)."
            className="font-mono"
            spellCheck={false}
            autoComplete="off"
          />
        </div>
        <button type="submit" className={`${buttonClass} mt-6 shrink-0`} disabled={pending} aria-busy={pending}>
          Add rule
        </button>
      </div>
    </form>
  );
}
