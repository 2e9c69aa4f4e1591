import type { z } from "zod";
import { TaskAnswer } from "@/lib/shared/api/schemas";
import { taskJson } from "@/lib/server/api/serialize";
import { getContract } from "@/lib/server/contracts/get-contract";
import { getDb } from "@/lib/server/db/client";
import { assertContractAccess } from "@/lib/server/auth/actor";
import { gatedRoute } from "@/lib/server/gate";
import { createTask } from "@/lib/server/tasks/create-task";
import { API } from "@/lib/shared/api/routes";

export const dynamic = "force-dynamic";

/** GET the contract's tasks, oldest first: `{ tasks }`. */
export const GET = gatedRoute<typeof API.listContractTasks.input, { id: string }, typeof API.listContractTasks.output>({
  ...API.listContractTasks,
  run: async (_input, { actor, params }) => {
    assertContractAccess(actor, params.id);
    await getContract(params.id);
    const tasks = await getDb().task.findMany({ where: { contractId: params.id }, orderBy: { createdAt: "asc" } });
    return { tasks: tasks.map(taskJson) };
  },
});

/** POST `{ name, plan, parentTaskId?, supervisor? }` to spawn a task on the contract: 201 `{ task }`. */
export const POST = gatedRoute<typeof API.spawnTask.input, { id: string }, typeof API.spawnTask.output>({
  ...API.spawnTask,
  run: async (input, { actor, params }) => {
    assertContractAccess(actor, params.id);
    const task = await createTask({ ...input, contractId: params.id }, actor);
    return Response.json({ task: taskJson(task) } satisfies z.infer<typeof TaskAnswer>, { status: 201 });
  },
});
