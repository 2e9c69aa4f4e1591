"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { deleteContract } from "../../contracts/delete-contract";
import { DeleteContractInput } from "../../schemas/contract";
import { errorFormState, parseForm, type FormState } from "../form-state";

/** The contract page's confirmed "Delete contract": deletes it with its tasks and goes to the list. */
export async function deleteContractAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(DeleteContractInput, formData);
  if ("state" in parsed) return parsed.state;
  try {
    await deleteContract(parsed.data);
  } catch (error) {
    return errorFormState(error);
  }
  revalidatePath("/");
  redirect("/");
}
