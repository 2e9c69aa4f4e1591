import { assertContractAccess } from "@/lib/api/authenticate";
import { apiRoute, jsonBody } from "@/lib/api/route";
import { taskJson } from "@/lib/api/serialize";
import { getContract } from "@/lib/contracts/get-contract";
import { getDb } from "@/lib/db/client";
import { CreateTaskInput } from "@/lib/schemas/task";
import { createTask } from "@/lib/tasks/create-task";

export const dynamic = "force-dynamic";

/** GET the contract's tasks, oldest first: `{ tasks }`. */
export const GET = apiRoute<{ id: string }>(async ({ params, caller }) => {
  assertContractAccess(caller, params.id);
  await getContract(params.id);
  const tasks = await getDb().task.findMany({ where: { contractId: params.id }, orderBy: { createdAt: "asc" } });
  return { tasks: tasks.map(taskJson) };
});

/** POST `{ name, plan, parentTaskId? }` to spawn a task on the contract: 201 `{ task }`. */
export const POST = apiRoute<{ id: string }>(async ({ request, params, caller }) => {
  assertContractAccess(caller, params.id);
  const body = await jsonBody(request);
  const input = CreateTaskInput.parse({ ...(typeof body === "object" && body ? body : {}), contractId: params.id });
  const task = await createTask(input);
  return Response.json({ task: taskJson(task) }, { status: 201 });
});
