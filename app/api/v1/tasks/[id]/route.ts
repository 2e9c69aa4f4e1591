import { apiRoute } from "@/lib/api/route";
import { taskJson } from "@/lib/api/serialize";
import { accessibleTask } from "@/lib/api/task-access";

export const dynamic = "force-dynamic";

/** GET one task: `{ task }`. */
export const GET = apiRoute<{ id: string }>(async ({ params, caller }) => ({ task: taskJson(await accessibleTask(caller, params.id)) }));
