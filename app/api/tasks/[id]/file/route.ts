import { inspectionStatus, readTaskFile } from "@/lib/tasks/inspect-task";

/** GET `?path=` one file of the task's worktree: `{ ok: true, file }` or `{ ok: false, error }`. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const path = new URL(request.url).searchParams.get("path");
  if (!path) return Response.json({ ok: false, error: "Give the file's path as ?path=" }, { status: 400 });
  const reply = await readTaskFile((await params).id, path);
  return Response.json(reply, { status: reply.ok ? 200 : inspectionStatus(reply.error) });
}
