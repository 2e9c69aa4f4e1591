"use server";

import "server-only";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { createContract } from "../../contracts/create-contract";
import { ContractInput } from "../../../shared/schemas/contract";
import { recordAudit } from "../../audit";
import { gatedFormAction } from "../../gate";

/** The "New contract" form: saves the contract and opens its page. */
export const createContractAction = gatedFormAction({
  role: "member",
  input: ContractInput,
  run: async (input, { actor }) => {
    const contract = await createContract(input);
    await recordAudit(actor, {
      action: "contract.create",
      targetType: "contract",
      targetId: contract.id,
      summary: `Created contract “${contract.name}”`,
    });
    revalidatePath("/");
    redirect(`/contracts/${contract.id}`);
  },
});
