import { accessibleTask } from "@/lib/server/api/task-access";
import { getDb } from "@/lib/server/db/client";
import { gatedRoute } from "@/lib/server/gate";
import { streamOutputLog } from "@/lib/server/tasks/output-log";
import { API } from "@/lib/shared/api/routes";

export const dynamic = "force-dynamic";

/** GET the task's whole output as a download: each stored line as printed, one per line, in seq order. */
export const GET = gatedRoute<typeof API.downloadTaskOutput.input, { id: string }, typeof API.downloadTaskOutput.output>(
  {
    ...API.downloadTaskOutput,
    run: async (_input, { actor, params }) => {
      const task = await accessibleTask(actor, params.id);
      return new Response(streamOutputLog(getDb(), task.id), {
        headers: {
          "content-type": "application/x-ndjson; charset=utf-8",
          "content-disposition": `attachment; filename="task-${task.id}.jsonl"`,
          "cache-control": "no-store",
        },
      });
    },
  },
);
