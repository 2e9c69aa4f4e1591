import { ContractListAnswer } from "@/lib/api/schemas";
import { contractJson } from "@/lib/api/serialize";
import { listContracts } from "@/lib/contracts/list-contracts";
import { gatedRoute, NoInput } from "@/lib/server/gate";

export const dynamic = "force-dynamic";

/** GET the contracts, newest first (a task's key sees its own contract only): `{ contracts }`. */
export const GET = gatedRoute({
  role: "viewer",
  taskKeys: true,
  input: NoInput,
  output: ContractListAnswer,
  run: async (_input, { actor }) => {
    const contracts = await listContracts();
    const visible = actor.via === "task_key" ? contracts.filter((contract) => contract.id === actor.contractId) : contracts;
    return { contracts: visible.map((contract) => ({ ...contractJson(contract), taskCounts: contract.taskCounts })) };
  },
});
