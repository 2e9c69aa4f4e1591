import "server-only";
import type { ApprovalRequest } from "../../generated/prisma/client";
import { AppError } from "../../shared/app-error";
import { AnswerApprovalInput } from "../../shared/schemas/approval";
import { parseRule } from "../../shared/permissions/rules";
import { AskUserQuestionInput, type PermissionResult } from "../../shared/protocol/claude-control";
import { recordAudit } from "../audit";
import { actorLabel, assertContractAccess, type Actor } from "../auth/actor";
import { addAllowRule } from "../contracts/allow-rules";
import { getDb } from "../db/client";
import { getRuntime } from "../runtime";
import { approvalInput, toApprovalEvent } from "./approval-event";

/** Answers a request once (the first answer wins), records it, and has it carried to claude (see the schema). */
export async function answerApproval(input: AnswerApprovalInput, actor: Actor) {
  // The gate keeps task keys off this use case; a key an agent holds must never approve its own requests.
  if (actor.via === "task_key") throw new AppError("forbidden", "A task's key cannot answer an approval.");
  const { approvalId, decision, message, answers } = AnswerApprovalInput.parse(input);
  const db = getDb();
  const approval = await db.approvalRequest.findUnique({ where: { id: approvalId }, include: { task: true } });
  if (!approval) throw new AppError("not_found", "This request does not exist.");
  assertContractAccess(actor, approval.task.contractId);
  if (approval.status !== "pending") throw alreadyAnswered(approval);

  const label = actorLabel(actor);
  const result = await resultFor(approval, { decision, message, answers, label }, actor);
  const { count } = await db.approvalRequest.updateMany({
    where: { id: approvalId, status: "pending" },
    data: {
      status: result.behavior === "allow" ? "allowed" : "denied",
      answer: JSON.stringify(result),
      answeredById: actor.userId,
      answeredBy: label,
      answeredAt: new Date(),
    },
  });
  // Another browser answered first: its answer stands, and only it goes to claude.
  if (count === 0) throw alreadyAnswered(await db.approvalRequest.findUniqueOrThrow({ where: { id: approvalId } }));
  if (approval.kind === "plan" && result.behavior === "allow")
    await db.task.update({ where: { id: approval.taskId }, data: { permissionMode: "acceptEdits" } });
  await recordAudit(actor, {
    action: "approval.answer",
    targetType: "task",
    targetId: approval.taskId,
    summary: `${result.behavior === "allow" ? "Allowed" : "Denied"} ${approval.toolName} for task “${approval.task.name}”`,
  });
  await getRuntime().approvalAnswered(approvalId);
  return toApprovalEvent(
    await db.approvalRequest.findUniqueOrThrow({ where: { id: approvalId } }),
    approval.task.contractId,
  );
}

function alreadyAnswered(approval: Pick<ApprovalRequest, "answeredBy">): AppError {
  return new AppError(
    "conflict",
    `This request was already answered${approval.answeredBy ? ` (${approval.answeredBy})` : ""}.`,
  );
}

async function resultFor(
  approval: ApprovalRequest & { task: { contractId: string } },
  answer: Omit<AnswerApprovalInput, "approvalId"> & { label: string },
  actor: Actor,
): Promise<PermissionResult> {
  const input = approvalInput(approval);
  if (answer.decision === "deny") {
    const fallback = approval.kind === "plan" ? "Keep planning." : `Denied by ${answer.label}.`;
    return { behavior: "deny", message: answer.message || fallback };
  }
  if (approval.kind === "question")
    return { behavior: "allow", updatedInput: { ...input, answers: questionAnswers(input, answer.answers) } };
  if (approval.kind === "plan")
    return {
      behavior: "allow",
      updatedPermissions: [{ type: "setMode", mode: "acceptEdits", destination: "session" }],
    };
  // No updatedInput: the input held here is the redacted copy of claude's, so claude goes on with its own.
  if (answer.decision === "allow") return { behavior: "allow" };
  const event = toApprovalEvent(approval, approval.task.contractId);
  const rule = parseRule(event.alwaysRule);
  if (!rule.ok) throw new AppError("invalid", rule.error);
  await addAllowRule({ contractId: approval.task.contractId, rule: event.alwaysRule }, actor);
  return {
    behavior: "allow",
    // For this session only: nothing is written into the worktree's settings; the contract holds the rule.
    updatedPermissions: [{ type: "addRules", rules: [rule.rule], behavior: "allow", destination: "session" }],
  };
}

/** Every question answered, by its text, as AskUserQuestion wants its `answers`. */
function questionAnswers(input: Record<string, unknown>, answers: Record<string, string> = {}): Record<string, string> {
  const asked = AskUserQuestionInput.safeParse(input);
  if (!asked.success) throw new AppError("invalid", "This question cannot be read.");
  const missing = asked.data.questions.filter((question) => !answers[question.question]);
  if (missing.length > 0)
    throw new AppError("invalid", `Answer every question (“${missing[0].question}” has no answer).`);
  return Object.fromEntries(asked.data.questions.map((question) => [question.question, answers[question.question]]));
}
