import { assertContractAccess } from "@/lib/api/authenticate";
import { apiRoute, jsonBody } from "@/lib/api/route";
import { reportJson } from "@/lib/api/serialize";
import { createContractReport, listContractReports } from "@/lib/contracts/contract-reports";
import { getContract } from "@/lib/contracts/get-contract";
import { ContractReportInput } from "@/lib/schemas/contract";

export const dynamic = "force-dynamic";

/** GET the contract's progress reports, newest first: `{ reports }`. */
export const GET = apiRoute<{ id: string }>(async ({ params, caller }) => {
  assertContractAccess(caller, params.id);
  await getContract(params.id);
  return { reports: (await listContractReports(params.id)).map(reportJson) };
});

/** POST `{ progress }` to report progress on the contract (a task's key signs it with its task): 201 `{ report }`. */
export const POST = apiRoute<{ id: string }>(async ({ request, params, caller }) => {
  assertContractAccess(caller, params.id);
  const body = await jsonBody(request);
  const report = await createContractReport(
    ContractReportInput.parse({
      ...(typeof body === "object" && body ? body : {}),
      contractId: params.id,
      taskId: caller.scope === "task" ? caller.taskId : null,
    }),
  );
  return Response.json({ report: reportJson(report) }, { status: 201 });
});
