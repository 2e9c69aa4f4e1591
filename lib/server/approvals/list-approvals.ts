import "server-only";
import { getDb } from "../db/client";
import type { ApprovalEvent } from "../../shared/protocol/ui";
import { toApprovalEvent } from "./approval-event";

/** A task's requests, oldest first: the pending ones for their cards, the rest for the history. */
export async function listTaskApprovals(taskId: string): Promise<ApprovalEvent[]> {
  const rows = await getDb().approvalRequest.findMany({
    where: { taskId },
    include: { task: { select: { contractId: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((row) => toApprovalEvent(row, row.task.contractId));
}

/** The requests still waiting for an answer, across the contracts the person sees, newest first. */
export async function listPendingApprovals(contractId?: string): Promise<ApprovalEvent[]> {
  const rows = await getDb().approvalRequest.findMany({
    where: { status: "pending", ...(contractId ? { task: { contractId } } : {}) },
    include: { task: { select: { contractId: true } } },
    orderBy: { createdAt: "desc" },
    take: 200,
  });
  return rows.map((row) => toApprovalEvent(row, row.task.contractId));
}
