"use client";

import { useOptimistic, useState, useTransition } from "react";
import { setContractLoopAction } from "@/lib/server/actions/contracts/set-contract-loop";
import { useCan } from "@/components/auth/role-context";

type Props = {
  contractId: string;
  /** The saved setting. */
  on: boolean;
  /** Only an active contract's loop can be switched. */
  active: boolean;
  /** The id of the element whose text names the switch ("Autonomous loop"). */
  labelId: string;
};

/** The contract's "Autonomous loop" switch: flips at once, saves through a server action, reverts if that fails. */
export function ContractLoopSwitch({ contractId, on, active: contractActive, labelId }: Props) {
  const mayChange = useCan("member");
  const active = contractActive && mayChange;
  const [optimisticOn, setOptimisticOn] = useOptimistic(on);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  function toggle() {
    if (pending || !active) return;
    const next = !optimisticOn;
    setError(null);
    startTransition(async () => {
      setOptimisticOn(next);
      try {
        const form = new FormData();
        form.set("id", contractId);
        form.set("autonomousLoop", String(next));
        const result = await setContractLoopAction({ ok: false }, form);
        if (!result.ok) setError(result.message ?? "Could not change the autonomous loop.");
      } catch {
        setError("Could not change the autonomous loop; please try again.");
      }
    });
  }

  return (
    <span className="inline-flex flex-col items-start gap-1">
      <button
        type="button"
        role="switch"
        aria-checked={optimisticOn}
        aria-labelledby={labelId}
        aria-busy={pending || undefined}
        aria-describedby={error ? `${labelId}-error` : undefined}
        disabled={!active}
        title={active ? undefined : mayChange ? "Reopen the contract to change this" : "Your role may not change this"}
        onClick={toggle}
        className="group inline-flex items-center gap-2 rounded-full focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 disabled:cursor-not-allowed disabled:opacity-50"
      >
        <span
          aria-hidden="true"
          className={`relative inline-block h-5 w-9 rounded-full transition-colors ${optimisticOn ? "bg-blue-600" : "bg-neutral-300"}`}
        >
          <span
            className={`absolute top-0.5 left-0.5 h-4 w-4 rounded-full bg-white shadow transition-transform ${optimisticOn ? "translate-x-4" : ""}`}
          />
        </span>
        <span className="text-sm">{optimisticOn ? "on" : "off"}</span>
      </button>
      {error && (
        <span id={`${labelId}-error`} role="alert" className="text-xs text-red-700">
          {error}
        </span>
      )}
    </span>
  );
}
