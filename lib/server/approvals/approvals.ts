import "server-only";
import type { PrismaClient } from "../db/client";
import type { ApprovalRequest } from "../../generated/prisma/client";
import { isUniqueViolation } from "../db/errors";
import { PermissionResult } from "../../shared/protocol/claude-control";
import type { AnswerApprovalReply, DaemonCommandOf, DaemonMessageOf } from "../../shared/protocol/daemon";
import { RUNNING_TASK_STATUSES } from "../../shared/protocol/daemon";
import type { ApprovalEvent } from "../../shared/protocol/ui";
import type { Notifier } from "../notifications/notifier";
import { approvalKindOf, toApprovalEvent } from "./approval-event";

export interface ApprovalsOptions {
  db: PrismaClient;
  /** Sends the answer to the daemon: `ok: false` when it is not connected or did not answer (tried again later). */
  answerDaemon: (
    daemonId: string,
    command: DaemonCommandOf<"answerApproval">,
  ) => Promise<AnswerApprovalReply | { ok: false; error: string }>;
  publish: (event: ApprovalEvent) => void;
  notifier: Pick<Notifier, "notify">;
}

/** Why a request ended without a person's answer, as its card says. */
const WITHDRAWN_BY = { cancelled: "claude withdrew it", exited: "claude exited", taskEnded: "the task ended" };

/**
 * claude's permission requests on the server: stored as they come (a daemon's replay after a reconnect adds none
 * twice), published to browsers, told as a notification; an answer (lib/server/approvals/answer-approval.ts) is
 * carried to the task's daemon, and carried again when that daemon comes back if it was away.
 */
export class Approvals {
  constructor(private readonly options: ApprovalsOptions) {}

  async requested(message: DaemonMessageOf<"approvalRequest">): Promise<void> {
    const { db } = this.options;
    const task = await db.task.findUniqueOrThrow({ where: { id: message.taskId }, include: { contract: true } });
    const existing = await db.approvalRequest.findUnique({
      where: { taskId_requestId: { taskId: message.taskId, requestId: message.requestId } },
    });
    if (existing) return;
    const row = await db.approvalRequest
      .create({
        data: {
          taskId: message.taskId,
          requestId: message.requestId,
          kind: approvalKindOf(message.toolName),
          toolName: message.toolName,
          toolUseId: message.toolUseId,
          input: JSON.stringify(message.input),
          suggestions: JSON.stringify(message.suggestions),
          decisionReason: message.decisionReason,
        },
      })
      // Stored meanwhile (the same request twice at once), or an id SQLite stores as another's (a lone surrogate
      // becomes U+FFFD): a replay, like `existing`.
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) return null;
        throw error;
      });
    if (!row) return;
    this.options.publish(toApprovalEvent(row, task.contractId));
    const question = row.kind === "question";
    await this.options.notifier.notify({
      kind: question ? "question_asked" : "approval_needed",
      title: question ? "Claude has a question" : "Claude needs your approval",
      body: `${task.name}: ${row.kind === "plan" ? "a plan to approve" : question ? "a question" : row.toolName}`,
      taskId: task.id,
      contractId: task.contractId,
    });
  }

  async withdrawn(message: DaemonMessageOf<"approvalWithdrawn">): Promise<void> {
    await this.settle({ taskId: message.taskId, requestId: message.requestId }, WITHDRAWN_BY[message.reason]);
  }

  /** The task ended: no claude waits for its requests any more. */
  async taskEnded(taskId: string): Promise<void> {
    await this.settle({ taskId }, WITHDRAWN_BY.taskEnded);
  }

  /** Publishes an answered request and carries its answer to the daemon, if that is connected now. */
  async answered(approvalId: string): Promise<void> {
    const row = await this.options.db.approvalRequest.findUniqueOrThrow({
      where: { id: approvalId },
      include: { task: true },
    });
    this.options.publish(toApprovalEvent(row, row.task.contractId));
    if (row.task.daemonId) await this.deliver(row, row.task.daemonId);
  }

  /**
   * Denies the requests nobody answered within their contract's `denyUnansweredAfterMinutes`, for unattended runs;
   * `now` is the clock's (a test moves it on).
   */
  async expireOverdue(now = new Date()): Promise<void> {
    const { db } = this.options;
    const pending = await db.approvalRequest.findMany({
      where: { status: "pending", task: { contract: { denyUnansweredAfterMinutes: { not: null } } } },
      include: { task: { include: { contract: true } } },
    });
    for (const row of pending) {
      const minutes = row.task.contract.denyUnansweredAfterMinutes!;
      if (now.getTime() - row.createdAt.getTime() < minutes * 60_000) continue;
      const result: PermissionResult = {
        behavior: "deny",
        message: `No one answered within ${minutes} min: the request is denied. Carry on without it.`,
      };
      const { count } = await db.approvalRequest.updateMany({
        where: { id: row.id, status: "pending" },
        data: {
          status: "expired",
          answer: JSON.stringify(result),
          answeredBy: `no answer within ${minutes} min`,
          answeredAt: now,
        },
      });
      if (count === 1) await this.answered(row.id);
    }
  }

  /** A daemon (re)connected: the answers given while it was away reach its claude now. */
  async resend(daemonId: string): Promise<void> {
    const waiting = await this.options.db.approvalRequest.findMany({
      where: {
        status: { in: ["allowed", "denied", "expired"] },
        deliveredAt: null,
        task: { daemonId, status: { in: [...RUNNING_TASK_STATUSES] } },
      },
    });
    for (const row of waiting) await this.deliver(row, daemonId);
  }

  /** Once the daemon has the answer (claude took it, or no longer waited for it), it is not sent again. */
  private async deliver(row: ApprovalRequest, daemonId: string): Promise<void> {
    const result = PermissionResult.safeParse(row.answer === null ? null : JSON.parse(row.answer));
    if (!result.success) return;
    const reply = await this.options.answerDaemon(daemonId, {
      type: "answerApproval",
      taskId: row.taskId,
      requestId: row.requestId,
      result: result.data,
    });
    if (!reply.ok) return;
    if (!reply.taken) console.warn(`[approvals] claude no longer waited for the answer to ${row.requestId}`);
    await this.options.db.approvalRequest.update({ where: { id: row.id }, data: { deliveredAt: new Date() } });
  }

  private async settle(where: { taskId: string; requestId?: string }, reason: string): Promise<void> {
    const { db } = this.options;
    const pending = await db.approvalRequest.findMany({
      where: { ...where, status: "pending" },
      include: { task: true },
    });
    for (const row of pending) {
      const { count } = await db.approvalRequest.updateMany({
        where: { id: row.id, status: "pending" },
        data: { status: "cancelled", answeredBy: reason, answeredAt: new Date() },
      });
      if (count === 1) {
        const settled = await db.approvalRequest.findUniqueOrThrow({ where: { id: row.id } });
        this.options.publish(toApprovalEvent(settled, row.task.contractId));
      }
    }
  }
}
