import { accessibleTask } from "@/lib/server/api/task-access";
import { gatedRoute } from "@/lib/server/gate";
import { getOutputSearch } from "@/lib/server/output-search";
import { API } from "@/lib/shared/api/routes";
import { searchTerms } from "@/lib/shared/stream/search-text";

export const dynamic = "force-dynamic";

/** GET `?q=&kinds=&afterSeq=&limit=` the task's output lines whose readable text has the words: `{ search }`. */
export const GET = gatedRoute<typeof API.searchTaskOutput.input, { id: string }, typeof API.searchTaskOutput.output>({
  ...API.searchTaskOutput,
  run: async ({ q, kinds, afterSeq, limit }, { actor, params }) => {
    const task = await accessibleTask(actor, params.id);
    return { search: await getOutputSearch().search(task.id, { terms: searchTerms(q), kinds, afterSeq, limit }) };
  },
});
