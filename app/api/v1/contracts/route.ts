import { apiRoute } from "@/lib/api/route";
import { contractJson } from "@/lib/api/serialize";
import { listContracts } from "@/lib/contracts/list-contracts";

export const dynamic = "force-dynamic";

/** GET the contracts, newest first (a task's key sees its own contract only): `{ contracts }`. */
export const GET = apiRoute(async ({ caller }) => {
  const contracts = await listContracts();
  const visible = caller.scope === "task" ? contracts.filter((contract) => contract.id === caller.contractId) : contracts;
  return { contracts: visible.map((contract) => ({ ...contractJson(contract), taskCounts: contract.taskCounts })) };
});
