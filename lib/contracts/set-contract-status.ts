import { getDb } from "../db/client";
import type { Contract } from "../generated/prisma/client";
import { SetContractStatusInput } from "../schemas/contract";
import { getContract } from "./get-contract";

/**
 * Completes, archives or reopens a contract. Only an active contract takes new tasks; tasks already
 * running are left to finish.
 */
export async function setContractStatus(input: SetContractStatusInput): Promise<Contract> {
  const { id, status } = SetContractStatusInput.parse(input);
  await getContract(id);
  return getDb().contract.update({ where: { id }, data: { status } });
}
