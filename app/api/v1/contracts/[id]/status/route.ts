import { ContractProgress } from "@/lib/api/schemas";
import { contractJson, reportJson } from "@/lib/api/serialize";
import { getContractProgress } from "@/lib/contracts/contract-status";
import { assertContractAccess } from "@/lib/server/auth/actor";
import { gatedRoute, NoInput } from "@/lib/server/gate";

export const dynamic = "force-dynamic";

/** GET where the contract stands: `{ contract, tasks: { total, active, finished, byStatus }, latestReport }`. */
export const GET = gatedRoute<typeof NoInput, { id: string }, typeof ContractProgress>({
  role: "viewer",
  taskKeys: true,
  input: NoInput,
  output: ContractProgress,
  run: async (_input, { actor, params }) => {
    assertContractAccess(actor, params.id);
    const { contract, tasks, latestReport } = await getContractProgress(params.id);
    return { contract: contractJson(contract), tasks, latestReport: latestReport && reportJson(latestReport) };
  },
});
