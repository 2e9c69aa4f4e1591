"use server";

import "server-only";
import { revalidatePath } from "next/cache";
import { setContractLoop } from "../../contracts/set-contract-loop";
import { SetContractLoopInput } from "../../../shared/schemas/contract";
import { recordAudit } from "../../audit";
import { gatedFormAction } from "../../gate";

/** The contract page's "Autonomous loop" switch, applied at once (form fields `id` and `autonomousLoop`). */
export const setContractLoopAction = gatedFormAction({
  role: "member",
  input: SetContractLoopInput,
  run: async (input, { actor }) => {
    const contract = await setContractLoop(input);
    const state = contract.autonomousLoop ? "on" : "off";
    await recordAudit(actor, {
      action: "contract.loop",
      targetType: "contract",
      targetId: contract.id,
      summary: `Turned the autonomous loop ${state}`,
    });
    revalidatePath("/");
    revalidatePath(`/contracts/${contract.id}`);
    return { ok: true, message: `Autonomous loop ${state}.` };
  },
});
