import type { z } from "zod";
import { ReportAnswer } from "@/lib/shared/api/schemas";
import { reportJson } from "@/lib/server/api/serialize";
import { createContractReport, listContractReports } from "@/lib/server/contracts/contract-reports";
import { getContract } from "@/lib/server/contracts/get-contract";
import { recordAudit } from "@/lib/server/audit";
import { assertContractAccess } from "@/lib/server/auth/actor";
import { gatedRoute } from "@/lib/server/gate";
import { API } from "@/lib/shared/api/routes";

export const dynamic = "force-dynamic";

/** GET the contract's progress reports, newest first: `{ reports }`. */
export const GET = gatedRoute<typeof API.listReports.input, { id: string }, typeof API.listReports.output>({
  ...API.listReports,
  run: async (_input, { actor, params }) => {
    assertContractAccess(actor, params.id);
    await getContract(params.id);
    return { reports: (await listContractReports(params.id)).map(reportJson) };
  },
});

/** POST `{ progress }` to report progress on the contract (a task's key signs it with its task): 201 `{ report }`. */
export const POST = gatedRoute<typeof API.createReport.input, { id: string }, typeof API.createReport.output>({
  ...API.createReport,
  run: async (input, { actor, params }) => {
    assertContractAccess(actor, params.id);
    const report = await createContractReport({
      ...input,
      contractId: params.id,
      taskId: actor.via === "task_key" ? (actor.taskId ?? null) : null,
    });
    await recordAudit(actor, {
      action: "report.create",
      targetType: "contract",
      targetId: params.id,
      summary: "Reported progress",
    });
    return Response.json({ report: reportJson(report) } satisfies z.infer<typeof ReportAnswer>, { status: 201 });
  },
});
