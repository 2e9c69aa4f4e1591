import "server-only";
import { getDb } from "../db/client";
import type { Contract } from "../../generated/prisma/client";
import { SetContractLoopInput } from "../../shared/schemas/contract";
import { getContract } from "./get-contract";

/**
 * Turns a contract's autonomous loop on or off. Tasks copy the setting when they are created, so only
 * tasks started afterwards follow the change.
 */
export async function setContractLoop(input: SetContractLoopInput): Promise<Contract> {
  const { id, autonomousLoop } = SetContractLoopInput.parse(input);
  await getContract(id);
  return getDb().contract.update({ where: { id }, data: { autonomousLoop } });
}
