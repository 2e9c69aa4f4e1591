import { listTaskApprovals } from "@/lib/server/approvals/list-approvals";
import { accessibleTask } from "@/lib/server/api/task-access";
import { gatedRoute } from "@/lib/server/gate";
import { API } from "@/lib/shared/api/routes";

export const dynamic = "force-dynamic";

/** GET the task's permission requests: `{ approvals }`, oldest first. */
export const GET = gatedRoute<typeof API.listTaskApprovals.input, { id: string }, typeof API.listTaskApprovals.output>({
  ...API.listTaskApprovals,
  run: async (_input, { actor, params }) => {
    const task = await accessibleTask(actor, params.id);
    return { approvals: await listTaskApprovals(task.id) };
  },
});
