import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ContractForm } from "@/components/contracts/contract-form";
import { Breadcrumbs } from "@/components/layout/breadcrumbs";
import { updateContractAction } from "@/lib/server/actions/contracts/update-contract";
import { findContract } from "@/lib/server/contracts/get-contract";
import { requirePageActor } from "@/lib/server/auth/page-actor";
import { contractJson } from "@/lib/server/api/serialize";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Edit contract" };

export default async function EditContractPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageActor("member");
  const { id } = await params;
  const contract = await findContract(id);
  if (!contract) notFound();

  return (
    <div className="space-y-5">
      <div>
        <Breadcrumbs trail={[{ href: `/contracts/${contract.id}`, label: contract.name }]} />
        <h1 className="text-xl font-semibold tracking-tight">Edit contract</h1>
      </div>
      <ContractForm action={updateContractAction} submitLabel="Save contract" defaults={contractJson(contract)} />
    </div>
  );
}
