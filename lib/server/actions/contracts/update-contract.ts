"use server";

import "server-only";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { updateContract } from "../../contracts/update-contract";
import { UpdateContractInput } from "../../../shared/schemas/contract";
import { recordAudit } from "../../audit";
import { gatedFormAction } from "../../gate";

/** The "Edit contract" form: saves the changes and goes back to the contract's page. */
export const updateContractAction = gatedFormAction({
  role: "member",
  input: UpdateContractInput,
  run: async (input, { actor }) => {
    const contract = await updateContract(input);
    await recordAudit(actor, {
      action: "contract.update",
      targetType: "contract",
      targetId: contract.id,
      summary: `Edited contract “${contract.name}”`,
    });
    revalidatePath("/");
    revalidatePath(`/contracts/${contract.id}`);
    redirect(`/contracts/${contract.id}`);
  },
});
