import type { Metadata } from "next";
import { ContractForm, NEW_CONTRACT_DEFAULTS } from "@/components/contracts/contract-form";
import { Breadcrumbs } from "@/components/layout/breadcrumbs";
import { createContractAction } from "@/lib/server/actions/contracts/create-contract";
import { requirePageActor } from "@/lib/server/auth/page-actor";

export const metadata: Metadata = { title: "New contract" };

export default async function NewContractPage() {
  await requirePageActor("member");
  return (
    <div className="space-y-5">
      <div>
        <Breadcrumbs />
        <h1 className="text-xl font-semibold tracking-tight">New contract</h1>
      </div>
      <ContractForm action={createContractAction} defaults={NEW_CONTRACT_DEFAULTS} submitLabel="Create contract" />
    </div>
  );
}
