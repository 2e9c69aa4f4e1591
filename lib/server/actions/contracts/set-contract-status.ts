"use server";

import "server-only";
import { revalidatePath } from "next/cache";
import { setContractStatus } from "../../contracts/set-contract-status";
import { SetContractStatusInput } from "../../../shared/schemas/contract";
import { recordAudit } from "../../audit";
import { gatedFormAction } from "../../gate";

/** The contract page's "Complete contract" / "Archive contract" / "Reopen contract" buttons. */
export const setContractStatusAction = gatedFormAction({
  role: "member",
  input: SetContractStatusInput,
  run: async (input, { actor }) => {
    const contract = await setContractStatus(input);
    await recordAudit(actor, {
      action: "contract.status",
      targetType: "contract",
      targetId: contract.id,
      summary: `Set contract “${contract.name}” ${contract.status}`,
    });
    revalidatePath("/");
    revalidatePath(`/contracts/${contract.id}`);
    return { ok: true, message: `Contract ${contract.status}.` };
  },
});
