"use server";

import "server-only";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { deleteContract } from "../../contracts/delete-contract";
import { getContract } from "../../contracts/get-contract";
import { DeleteContractInput } from "../../../shared/schemas/contract";
import { recordAudit } from "../../audit";
import { gatedFormAction } from "../../gate";

/** The contract page's confirmed "Delete contract": deletes it with its tasks and goes to the list. */
export const deleteContractAction = gatedFormAction({
  role: "member",
  input: DeleteContractInput,
  run: async (input, { actor }) => {
    const { name } = await getContract(input.id);
    await deleteContract(input);
    await recordAudit(actor, {
      action: "contract.delete",
      targetType: "contract",
      targetId: input.id,
      summary: `Deleted contract “${name}”`,
    });
    revalidatePath("/");
    redirect("/");
  },
});
