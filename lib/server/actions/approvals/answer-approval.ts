"use server";

import "server-only";
import { z } from "zod";
import { AnswerApprovalInput } from "../../../shared/schemas/approval";
import { answerApproval } from "../../approvals/answer-approval";
import { gatedFormAction } from "../../gate";

/** A form gives a question's answers as one JSON field (question → answer), which the card fills in. */
const AnswerApprovalForm = AnswerApprovalInput.extend({
  answers: z
    .string()
    .max(200_000)
    .optional()
    .transform((text, context) => {
      if (!text) return undefined;
      try {
        return z.record(z.string(), z.string()).parse(JSON.parse(text));
      } catch {
        context.addIssue({ code: "custom", message: "The answers could not be read." });
        return z.NEVER;
      }
    }),
});

/** An approval card's buttons (Allow, Allow always, Deny; a question's answers; Approve plan, Keep planning). */
export const answerApprovalAction = gatedFormAction({
  role: "member",
  input: AnswerApprovalForm,
  run: async (input, { actor }) => {
    const approval = await answerApproval(input, actor);
    return { ok: true, message: approval.status === "allowed" ? "Allowed." : "Denied." };
  },
});
