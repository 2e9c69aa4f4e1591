import { assertContractAccess } from "@/lib/api/authenticate";
import { apiRoute } from "@/lib/api/route";
import { contractJson } from "@/lib/api/serialize";
import { AppError } from "@/lib/contracts/errors";
import { getContract } from "@/lib/contracts/get-contract";
import { setContractStatus } from "@/lib/contracts/set-contract-status";

export const dynamic = "force-dynamic";

/**
 * POST to complete the contract: its tasks' worktrees are cleaned up (branches kept) and its waiting supervisors end.
 * Completing a completed contract changes nothing; an archived one is refused (409). Answers `{ contract }`.
 */
export const POST = apiRoute<{ id: string }>(async ({ params, caller }) => {
  assertContractAccess(caller, params.id);
  const contract = await getContract(params.id);
  if (contract.status === "archived") throw new AppError("conflict", "This contract is archived: reopen it before completing it.");
  if (contract.status === "completed") return { contract: contractJson(contract) };
  return { contract: contractJson(await setContractStatus({ id: params.id, status: "completed" })) };
});
