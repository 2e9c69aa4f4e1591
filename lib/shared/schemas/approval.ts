import { z } from "zod";

/**
 * A person's answer to one of claude's requests: `allow`, `allow_always` (a tool: the rule is added to the contract
 * and given to claude for this session), `deny` with an optional message; a question's `answers`; a plan approved
 * (`allow`: claude goes on accepting edits, and so does every later run of the task) or sent back (`deny`).
 */
export const ApprovalAnswerBody = z.object({
  decision: z.enum(["allow", "allow_always", "deny"], { error: "decision must be allow, allow_always or deny" }),
  message: z.string().trim().max(10_000).optional(),
  /** A question's answers, by question; several choices joined with ", ". */
  answers: z.record(z.string().max(10_000), z.string().trim().min(1).max(10_000)).optional(),
});

export const AnswerApprovalInput = ApprovalAnswerBody.extend({ approvalId: z.string().min(1).max(100) });
export type AnswerApprovalInput = z.infer<typeof AnswerApprovalInput>;
