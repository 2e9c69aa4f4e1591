import type { ContractStatus } from "@/lib/shared/schemas/contract";

const COLOURS: Record<ContractStatus, string> = {
  active: "bg-blue-50 text-blue-800 ring-blue-300",
  completed: "bg-green-50 text-green-800 ring-green-300",
  archived: "bg-neutral-100 text-neutral-600 ring-neutral-300",
};

/** A contract's status ("active", "completed", "archived"), in its colour. */
export function ContractStatusBadge({ status }: { status: ContractStatus }) {
  const colour = COLOURS[status];
  return (
    <span
      data-testid="contract-status"
      className={`inline-flex rounded-full px-2 py-0.5 font-mono text-xs font-medium ring-1 ring-inset ${colour}`}
    >
      {status}
    </span>
  );
}
