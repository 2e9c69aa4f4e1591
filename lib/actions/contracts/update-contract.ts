"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { updateContract } from "../../contracts/update-contract";
import { UpdateContractInput } from "../../schemas/contract";
import { errorFormState, parseForm, type FormState } from "../form-state";

/** The "Edit contract" form: saves the changes and goes back to the contract's page. */
export async function updateContractAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(UpdateContractInput, formData);
  if ("state" in parsed) return parsed.state;
  try {
    await updateContract(parsed.data);
  } catch (error) {
    return errorFormState(error, parsed.values);
  }
  revalidatePath("/");
  revalidatePath(`/contracts/${parsed.data.id}`);
  redirect(`/contracts/${parsed.data.id}`);
}
