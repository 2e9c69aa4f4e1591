import { answerApproval } from "@/lib/server/approvals/answer-approval";
import { gatedRoute } from "@/lib/server/gate";
import { API } from "@/lib/shared/api/routes";

export const dynamic = "force-dynamic";

/** POST `{ decision, message?, answers? }` to answer a request: `{ approval }`; 409 once another answer was taken. */
export const POST = gatedRoute<typeof API.answerApproval.input, { id: string }, typeof API.answerApproval.output>({
  ...API.answerApproval,
  run: async (input, { actor, params }) => ({
    approval: await answerApproval({ ...input, approvalId: params.id }, actor),
  }),
});
