import "server-only";
import { z } from "zod";
import type { ApprovalRequest } from "../../generated/prisma/client";
import { ruleForRequest } from "../../shared/permissions/rules";
import type { ApprovalEvent } from "../../shared/protocol/ui";

const JsonObject = z.record(z.string(), z.unknown());
const JsonArray = z.array(z.unknown());

/** A stored JSON column read back; a value that does not parse reads as `fallback` (it was written by this code). */
function readJson<T>(text: string | null, schema: z.ZodType<T>, fallback: T): T {
  if (text === null) return fallback;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

export const approvalInput = (row: Pick<ApprovalRequest, "input">) => readJson(row.input, JsonObject, {});
export const approvalSuggestions = (row: Pick<ApprovalRequest, "suggestions">) =>
  readJson(row.suggestions, JsonArray, []);

/** The request as browsers see it. */
export function toApprovalEvent(row: ApprovalRequest, contractId: string): ApprovalEvent {
  const input = approvalInput(row);
  return {
    id: row.id,
    taskId: row.taskId,
    contractId,
    kind: row.kind,
    toolName: row.toolName,
    input,
    decisionReason: row.decisionReason,
    alwaysRule: ruleForRequest(row.toolName, input, approvalSuggestions(row)),
    status: row.status,
    answeredBy: row.answeredBy,
    answeredAt: row.answeredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Which card a tool's request gets. */
export function approvalKindOf(toolName: string): ApprovalRequest["kind"] {
  if (toolName === "AskUserQuestion") return "question";
  if (toolName === "ExitPlanMode") return "plan";
  return "tool";
}
