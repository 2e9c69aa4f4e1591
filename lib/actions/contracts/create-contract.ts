"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { createContract } from "../../contracts/create-contract";
import { ContractInput } from "../../schemas/contract";
import { errorFormState, parseForm, type FormState } from "../form-state";

/** The "New contract" form: saves the contract and opens its page. */
export async function createContractAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(ContractInput, formData);
  if ("state" in parsed) return parsed.state;
  let id: string;
  try {
    id = (await createContract(parsed.data)).id;
  } catch (error) {
    return errorFormState(error, parsed.values);
  }
  revalidatePath("/");
  redirect(`/contracts/${id}`);
}
