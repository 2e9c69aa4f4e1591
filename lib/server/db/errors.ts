import "server-only";
import { Prisma } from "../../generated/prisma/client";

/** The write broke a unique constraint (Prisma's P2002): the row is there already. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
