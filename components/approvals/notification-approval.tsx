"use client";

import { useQuery } from "@tanstack/react-query";
import { z } from "zod";
import Link from "next/link";
import { answerApprovalAction } from "@/lib/server/actions/approvals/answer-approval";
import { ApprovalEvent } from "@/lib/shared/protocol/ui";
import { fetchApi } from "@/components/query/fetch-api";
import { useCan } from "@/components/auth/role-context";
import { queryKeys } from "@/components/query/keys";
import { FormMessage } from "@/components/ui/form-fields";
import { buttonClass, dangerButtonClass, linkClass } from "@/components/ui/styles";
import { useFormAction } from "@/components/ui/use-form-action";
import { approvalCardModel, quickAnswerable } from "./approval-card-model";

/** Where a task's requests are answered: its page, scrolled to the cards. */
export const reviewHref = (taskId: string) => `/tasks/${encodeURIComponent(taskId)}#approvals`;

/**
 * An approval notification's answer. The task's requests come from the query cache (which the task's page keeps
 * current while it is open) or, when the panel shows the notification, from the API. When they show exactly one
 * pending request, a tool's, it can be answered here (`Allow` / `Deny`); a question, a plan or one of several gets a
 * `Review` link to the task's cards. Viewers get the link only.
 */
export function NotificationApproval({ taskId, onNavigate }: { taskId: string; onNavigate?: () => void }) {
  const canAnswer = useCan("member");
  const { data: approvals } = useQuery<ApprovalEvent[]>({
    queryKey: queryKeys.taskApprovals(taskId),
    queryFn: async ({ signal }) => {
      const answer = await fetchApi(
        `/api/v1/tasks/${encodeURIComponent(taskId)}/approvals`,
        "approvals",
        z.array(ApprovalEvent),
        signal,
      );
      if (!answer.ok) throw new Error(answer.error);
      return answer.value;
    },
    staleTime: 5_000,
  });
  const [state, formAction, pending] = useFormAction(answerApprovalAction);
  const request = quickAnswerable(approvals);

  if (state.ok) return <FormMessage ok message={state.message} />;
  if (canAnswer && request) {
    const model = approvalCardModel(request);
    const whatId = `notification-approval-${request.id}`;
    return (
      <form action={formAction} className="space-y-1.5" aria-describedby={whatId}>
        <input type="hidden" name="approvalId" value={request.id} />
        <p id={whatId} className="break-words text-neutral-700">
          {model.title}
          {model.summary && model.summary !== request.toolName && (
            <>
              {": "}
              <span className="font-mono text-xs">{model.summary}</span>
            </>
          )}
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <button
            type="submit"
            name="decision"
            value="allow"
            className={`${buttonClass} px-2 py-1 text-xs`}
            disabled={pending}
            aria-describedby={whatId}
          >
            Allow
          </button>
          <button
            type="submit"
            name="decision"
            value="deny"
            className={`${dangerButtonClass} px-2 py-1 text-xs`}
            disabled={pending}
            aria-describedby={whatId}
          >
            Deny
          </button>
          {pending && <span className="text-xs text-neutral-500">Sending…</span>}
        </div>
        <FormMessage ok={false} message={state.message} />
      </form>
    );
  }
  // Known, and nothing waits any more: answered already (here or elsewhere).
  if (approvals && !approvals.some((approval) => approval.status === "pending")) return null;
  return (
    <Link href={reviewHref(taskId)} className={linkClass} onClick={onNavigate}>
      Review
    </Link>
  );
}
