import "server-only";
import type { Contract } from "../../generated/prisma/client";
import { AppError } from "../../shared/app-error";
import { recordAudit } from "../audit";
import { assertContractAccess, type Actor } from "../auth/actor";
import { getContract } from "./get-contract";
import { setContractStatus } from "./set-contract-status";

/**
 * An agent (or a script) declares the contract done: `makima contract complete`. Completing a completed contract
 * changes nothing, so a supervisor may say it twice; an archived one is refused, since a person put it away and only
 * a person reopens it. Recorded in the audit log.
 */
export async function completeContract(contractId: string, actor: Actor): Promise<Contract> {
  assertContractAccess(actor, contractId);
  const contract = await getContract(contractId);
  if (contract.status === "archived")
    throw new AppError("conflict", "This contract is archived: reopen it before completing it.");
  if (contract.status === "completed") return contract;
  const completed = await setContractStatus({ id: contractId, status: "completed" });
  await recordAudit(actor, {
    action: "contract.status",
    targetType: "contract",
    targetId: completed.id,
    summary: `Set contract “${completed.name}” completed`,
  });
  return completed;
}
