import "server-only";
import { getDb } from "../db/client";
import type { Contract } from "../../generated/prisma/client";
import { ContractInput } from "../../shared/schemas/contract";
import { recordAudit } from "../audit";
import type { Actor } from "../auth/actor";
import { storedAllowRules } from "./allow-rules";

/** Saves a new, active contract, for the form and the API alike; recorded in the audit log. */
export async function createContract(input: ContractInput, actor: Actor): Promise<Contract> {
  const { allowRules, ...data } = ContractInput.parse(input);
  const contract = await getDb().contract.create({
    data: { ...data, allowRules: storedAllowRules(allowRules), status: "active" },
  });
  await recordAudit(actor, {
    action: "contract.create",
    targetType: "contract",
    targetId: contract.id,
    summary: `Created contract “${contract.name}”`,
  });
  return contract;
}
