import "server-only";
import { getDb } from "../db/client";
import type { Contract } from "../../generated/prisma/client";
import { UpdateContractInput } from "../../shared/schemas/contract";
import { getContract } from "./get-contract";

/**
 * Changes a contract's settings. Tasks already made keep what they copied (their loop setting);
 * new tasks take the new values.
 */
export async function updateContract(input: UpdateContractInput): Promise<Contract> {
  const { id, ...data } = UpdateContractInput.parse(input);
  await getContract(id);
  return getDb().contract.update({ where: { id }, data });
}
