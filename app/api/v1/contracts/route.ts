import type { z } from "zod";
import { ContractAnswer } from "@/lib/shared/api/schemas";
import { contractJson } from "@/lib/server/api/serialize";
import { createContract } from "@/lib/server/contracts/create-contract";
import { listContracts } from "@/lib/server/contracts/list-contracts";
import { gatedRoute } from "@/lib/server/gate";
import { API } from "@/lib/shared/api/routes";

export const dynamic = "force-dynamic";

/** GET the contracts, newest first (a task's key sees its own contract only): `{ contracts }`. */
export const GET = gatedRoute({
  ...API.listContracts,
  run: async (_input, { actor }) => {
    const contracts = await listContracts();
    const visible =
      actor.via === "task_key" ? contracts.filter((contract) => contract.id === actor.contractId) : contracts;
    return { contracts: visible.map((contract) => ({ ...contractJson(contract), taskCounts: contract.taskCounts })) };
  },
});

/** POST a contract's fields (`allowRules` an array) to create an active contract: 201 `{ contract }`. */
export const POST = gatedRoute({
  ...API.createContract,
  run: async (input, { actor }) => {
    const contract = await createContract(input, actor);
    return Response.json({ contract: contractJson(contract) } satisfies z.infer<typeof ContractAnswer>, {
      status: 201,
    });
  },
});
