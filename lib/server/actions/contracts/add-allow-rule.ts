"use server";

import "server-only";
import { revalidatePath } from "next/cache";
import { addAllowRule } from "../../contracts/allow-rules";
import { AllowRuleInput } from "../../../shared/schemas/contract";
import { gatedFormAction } from "../../gate";

/** The contract page's "Add rule" (form fields `contractId` and `rule`): claude may then use it without asking. */
export const addAllowRuleAction = gatedFormAction({
  role: "member",
  input: AllowRuleInput,
  run: async (input, { actor }) => {
    await addAllowRule(input, actor);
    revalidatePath(`/contracts/${input.contractId}`);
    return { ok: true, message: `Allowed ${input.rule}.` };
  },
});
