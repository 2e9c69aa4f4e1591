import { contractJson } from "@/lib/server/api/serialize";
import { AppError } from "@/lib/shared/app-error";
import { getContract } from "@/lib/server/contracts/get-contract";
import { setContractStatus } from "@/lib/server/contracts/set-contract-status";
import { recordAudit } from "@/lib/server/audit";
import { assertContractAccess } from "@/lib/server/auth/actor";
import { gatedRoute } from "@/lib/server/gate";
import { API } from "@/lib/shared/api/routes";

export const dynamic = "force-dynamic";

/**
 * POST to complete the contract: its tasks' worktrees are cleaned up (branches kept) and its waiting supervisors end.
 * Completing a completed contract changes nothing; an archived one is refused (409). Answers `{ contract }`.
 */
export const POST = gatedRoute<typeof API.completeContract.input, { id: string }, typeof API.completeContract.output>({
  ...API.completeContract,
  run: async (_input, { actor, params }) => {
    assertContractAccess(actor, params.id);
    const contract = await getContract(params.id);
    if (contract.status === "archived")
      throw new AppError("conflict", "This contract is archived: reopen it before completing it.");
    if (contract.status === "completed") return { contract: contractJson(contract) };
    const completed = await setContractStatus({ id: params.id, status: "completed" });
    await recordAudit(actor, {
      action: "contract.status",
      targetType: "contract",
      targetId: completed.id,
      summary: `Set contract “${completed.name}” completed`,
    });
    return { contract: contractJson(completed) };
  },
});
