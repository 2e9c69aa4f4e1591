import { contractJson, reportJson } from "@/lib/server/api/serialize";
import { getContractProgress } from "@/lib/server/contracts/contract-status";
import { assertContractAccess } from "@/lib/server/auth/actor";
import { gatedRoute } from "@/lib/server/gate";
import { API } from "@/lib/shared/api/routes";

export const dynamic = "force-dynamic";

/** GET where the contract stands: `{ contract, tasks: { total, active, finished, byStatus }, latestReport }`. */
export const GET = gatedRoute<typeof API.getContractStatus.input, { id: string }, typeof API.getContractStatus.output>({
  ...API.getContractStatus,
  run: async (_input, { actor, params }) => {
    assertContractAccess(actor, params.id);
    const { contract, tasks, latestReport } = await getContractProgress(params.id);
    return { contract: contractJson(contract), tasks, latestReport: latestReport && reportJson(latestReport) };
  },
});
