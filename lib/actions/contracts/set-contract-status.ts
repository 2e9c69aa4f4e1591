"use server";

import { revalidatePath } from "next/cache";
import { setContractStatus } from "../../contracts/set-contract-status";
import { SetContractStatusInput } from "../../schemas/contract";
import { errorFormState, parseForm, type FormState } from "../form-state";

/** The contract page's "Complete contract" / "Archive contract" / "Reopen contract" buttons. */
export async function setContractStatusAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(SetContractStatusInput, formData);
  if ("state" in parsed) return parsed.state;
  try {
    const contract = await setContractStatus(parsed.data);
    revalidatePath("/");
    revalidatePath(`/contracts/${contract.id}`);
    return { ok: true, message: `Contract ${contract.status}.` };
  } catch (error) {
    return errorFormState(error);
  }
}
