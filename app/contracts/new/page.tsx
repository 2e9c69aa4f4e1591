import type { Metadata } from "next";
import Link from "next/link";
import { ContractForm, NEW_CONTRACT_DEFAULTS } from "@/components/contracts/contract-form";
import { linkClass } from "@/components/ui/styles";
import { createContractAction } from "@/lib/actions/contracts/create-contract";

export const metadata: Metadata = { title: "New contract" };

export default function NewContractPage() {
  return (
    <div className="space-y-5">
      <div>
        <p className="text-xs text-neutral-500">
          <Link href="/" className={linkClass}>
            Contracts
          </Link>{" "}
          /
        </p>
        <h1 className="text-xl font-semibold tracking-tight">New contract</h1>
      </div>
      <ContractForm action={createContractAction} defaults={NEW_CONTRACT_DEFAULTS} submitLabel="Create contract" />
    </div>
  );
}
