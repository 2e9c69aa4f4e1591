import { contractJson } from "@/lib/server/api/serialize";
import { completeContract } from "@/lib/server/contracts/complete-contract";
import { gatedRoute } from "@/lib/server/gate";
import { API } from "@/lib/shared/api/routes";

export const dynamic = "force-dynamic";

/**
 * POST to complete the contract: its tasks' worktrees are cleaned up (branches kept) and its waiting supervisors end.
 * Completing a completed contract changes nothing; an archived one is refused (409). Answers `{ contract }`.
 */
export const POST = gatedRoute<typeof API.completeContract.input, { id: string }, typeof API.completeContract.output>({
  ...API.completeContract,
  run: async (_input, { actor, params }) => ({ contract: contractJson(await completeContract(params.id, actor)) }),
});
