import { assertContractAccess } from "@/lib/api/authenticate";
import { apiRoute } from "@/lib/api/route";
import { contractJson, reportJson } from "@/lib/api/serialize";
import { getContractProgress } from "@/lib/contracts/contract-status";

export const dynamic = "force-dynamic";

/** GET where the contract stands: `{ contract, tasks: { total, active, finished, byStatus }, latestReport }`. */
export const GET = apiRoute<{ id: string }>(async ({ params, caller }) => {
  assertContractAccess(caller, params.id);
  const { contract, tasks, latestReport } = await getContractProgress(params.id);
  return { contract: contractJson(contract), tasks, latestReport: latestReport && reportJson(latestReport) };
});
