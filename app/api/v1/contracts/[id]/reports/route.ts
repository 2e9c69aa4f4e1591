import type { z } from "zod";
import { ReportInput } from "@/lib/api/inputs";
import { ReportAnswer, ReportListAnswer } from "@/lib/api/schemas";
import { reportJson } from "@/lib/api/serialize";
import { createContractReport, listContractReports } from "@/lib/contracts/contract-reports";
import { getContract } from "@/lib/contracts/get-contract";
import { recordAudit } from "@/lib/server/audit";
import { assertContractAccess } from "@/lib/server/auth/actor";
import { gatedRoute, NoInput } from "@/lib/server/gate";

export const dynamic = "force-dynamic";

/** GET the contract's progress reports, newest first: `{ reports }`. */
export const GET = gatedRoute<typeof NoInput, { id: string }, typeof ReportListAnswer>({
  role: "viewer",
  taskKeys: true,
  input: NoInput,
  output: ReportListAnswer,
  run: async (_input, { actor, params }) => {
    assertContractAccess(actor, params.id);
    await getContract(params.id);
    return { reports: (await listContractReports(params.id)).map(reportJson) };
  },
});

/** POST `{ progress }` to report progress on the contract (a task's key signs it with its task): 201 `{ report }`. */
export const POST = gatedRoute<typeof ReportInput, { id: string }, typeof ReportAnswer>({
  role: "member",
  taskKeys: true,
  input: ReportInput,
  output: ReportAnswer,
  run: async (input, { actor, params }) => {
    assertContractAccess(actor, params.id);
    const report = await createContractReport({ ...input, contractId: params.id, taskId: actor.via === "task_key" ? (actor.taskId ?? null) : null });
    await recordAudit(actor, { action: "report.create", targetType: "contract", targetId: params.id, summary: "Reported progress" });
    return Response.json({ report: reportJson(report) } satisfies z.infer<typeof ReportAnswer>, { status: 201 });
  },
});
