import "server-only";
import { getDb } from "../db/client";
import type { Contract } from "../../generated/prisma/client";
import { AppError } from "../../shared/app-error";

/** The contract with this id, or null. */
export async function findContract(id: string): Promise<Contract | null> {
  return getDb().contract.findUnique({ where: { id } });
}

/** The contract with this id; an `AppError("not_found")` when there is none. */
export async function getContract(id: string): Promise<Contract> {
  const contract = await findContract(id);
  if (!contract) throw new AppError("not_found", "This contract does not exist (it may have been deleted).");
  return contract;
}
