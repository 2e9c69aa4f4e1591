"use server";

import { revalidatePath } from "next/cache";
import { setContractLoop } from "../../contracts/set-contract-loop";
import { SetContractLoopInput } from "../../schemas/contract";
import { errorFormState, formValues, invalidFormState, type FormState } from "../form-state";

/**
 * The contract page's "Autonomous loop" switch, applied at once. Takes the form fields `id` and
 * `autonomousLoop`, or the same as a plain object when called directly.
 */
export async function setContractLoopAction(input: FormData | { id: string; autonomousLoop: boolean }): Promise<FormState> {
  const values = input instanceof FormData ? formValues(input) : input;
  const parsed = SetContractLoopInput.safeParse(values);
  if (!parsed.success) return invalidFormState(parsed.error);
  try {
    const contract = await setContractLoop(parsed.data);
    revalidatePath("/");
    revalidatePath(`/contracts/${contract.id}`);
    return { ok: true, message: `Autonomous loop ${contract.autonomousLoop ? "on" : "off"}.` };
  } catch (error) {
    return errorFormState(error);
  }
}
