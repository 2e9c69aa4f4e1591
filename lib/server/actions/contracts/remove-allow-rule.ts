"use server";

import "server-only";
import { revalidatePath } from "next/cache";
import { removeAllowRule } from "../../contracts/allow-rules";
import { RemoveAllowRuleInput } from "../../../shared/schemas/contract";
import { gatedFormAction } from "../../gate";

/** An allowed tool's "Remove" on the contract page (form fields `contractId` and `rule`). */
export const removeAllowRuleAction = gatedFormAction({
  role: "member",
  input: RemoveAllowRuleInput,
  run: async (input, { actor }) => {
    await removeAllowRule(input, actor);
    revalidatePath(`/contracts/${input.contractId}`);
    return { ok: true, message: `Removed ${input.rule}.` };
  },
});
