"use server";

import "server-only";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { createContract } from "../../contracts/create-contract";
import { ContractInput } from "../../../shared/schemas/contract";
import { gatedFormAction } from "../../gate";

/** The "New contract" form: saves the contract and opens its page. */
export const createContractAction = gatedFormAction({
  role: "member",
  input: ContractInput,
  run: async (input, { actor }) => {
    const contract = await createContract(input, actor);
    revalidatePath("/");
    redirect(`/contracts/${contract.id}`);
  },
});
