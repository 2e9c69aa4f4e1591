import { getTaskDiff, inspectionStatus } from "@/lib/tasks/inspect-task";

/** GET the task's changes against its base branch: `{ ok: true, diff }` or `{ ok: false, error }`. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const reply = await getTaskDiff((await params).id);
  return Response.json(reply, { status: reply.ok ? 200 : inspectionStatus(reply.error) });
}
