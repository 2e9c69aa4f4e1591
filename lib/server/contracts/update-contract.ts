import "server-only";
import { getDb } from "../db/client";
import type { Contract } from "../../generated/prisma/client";
import { UpdateContractInput } from "../../shared/schemas/contract";
import { storedAllowRules } from "./allow-rules";
import { getContract } from "./get-contract";

/**
 * Changes a contract's settings. Tasks already made keep what they copied (their loop setting, their permission
 * mode); new tasks take the new values. The allowed tools are replaced by the form's list.
 */
export async function updateContract(input: UpdateContractInput): Promise<Contract> {
  const { id, allowRules, ...data } = UpdateContractInput.parse(input);
  await getContract(id);
  return getDb().contract.update({ where: { id }, data: { ...data, allowRules: storedAllowRules(allowRules) } });
}
