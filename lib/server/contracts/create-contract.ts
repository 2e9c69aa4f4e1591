import "server-only";
import { getDb } from "../db/client";
import type { Contract } from "../../generated/prisma/client";
import { ContractInput } from "../../shared/schemas/contract";
import { storedAllowRules } from "./allow-rules";

/** Saves a new, active contract. */
export async function createContract(input: ContractInput): Promise<Contract> {
  const { allowRules, ...data } = ContractInput.parse(input);
  return getDb().contract.create({ data: { ...data, allowRules: storedAllowRules(allowRules), status: "active" } });
}
