import "server-only";
import { getRuntime } from "../runtime";
import type { CleanupRequestSummary } from "../worktree-cleanups";
import { CleanupContractWorktreesInput } from "../../shared/schemas/contract";
import { getContract } from "./get-contract";

/** Removes the worktree of every finished task of the contract; running tasks keep theirs. */
export async function cleanupContractWorktrees(input: CleanupContractWorktreesInput): Promise<CleanupRequestSummary> {
  const { id, deleteBranches } = CleanupContractWorktreesInput.parse(input);
  await getContract(id);
  return getRuntime().cleanupContractWorktrees({ contractId: id, deleteBranch: deleteBranches, finishedOnly: true });
}
