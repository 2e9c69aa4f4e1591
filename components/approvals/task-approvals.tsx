"use client";

import { skipToken, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { ApprovalEvent, UiEvent } from "@/lib/shared/protocol/ui";
import { useCan } from "@/components/auth/role-context";
import { followRoom, uiSocket } from "@/components/live/ui-socket";
import { queryKeys } from "@/components/query/keys";
import { ApprovalCard, ApprovalHistoryLine } from "./approval-card";
import { mergeApprovals, upsertApproval } from "./approval-card-model";

/**
 * A task's permission requests on its page: the pending ones as cards, pinned above the output, then the answered
 * ones as single quiet lines, newest first. The list starts from the page's props and is kept live by `approval:updated` events,
 * which come to the task's contract room (joined here; the task's live status joins it too and leaves it on
 * unmount). Events sent before a join are not received: the page's live status refreshes the page on each join,
 * which brings a fresh `initial`, merged with the list held (a request answered in either stays answered).
 *
 * The list is held in the query cache (`queryKeys.taskApprovals`), where the notifications panel reads it to answer
 * a lone request in place.
 */
export function TaskApprovals({
  taskId,
  contractId,
  initial,
}: {
  taskId: string;
  contractId: string;
  /** The task's requests, oldest first, as `listTaskApprovals` gives them. */
  initial: ApprovalEvent[];
}) {
  const client = useQueryClient();
  const queryKey = queryKeys.taskApprovals(taskId);
  const { data: held } = useQuery({ queryKey, queryFn: skipToken, initialData: initial, staleTime: Infinity });
  const approvals = useMemo(() => mergeApprovals(held ?? [], initial), [held, initial]);
  const canAnswer = useCan("member");
  const [now] = useState(() => Date.now());

  // A fresh list from the server (a refresh) goes into the list held.
  useEffect(() => {
    client.setQueryData<ApprovalEvent[]>(queryKeys.taskApprovals(taskId), (list) =>
      mergeApprovals(list ?? [], initial),
    );
  }, [client, taskId, initial]);

  useEffect(() => {
    const socket = uiSocket();
    const onApproval = (payload: unknown) => {
      const event = ApprovalEvent.safeParse(payload);
      if (!event.success || event.data.taskId !== taskId) return;
      client.setQueryData<ApprovalEvent[]>(queryKeys.taskApprovals(taskId), (list) =>
        upsertApproval(list ?? [], event.data),
      );
    };
    socket.on(UiEvent.approvalUpdated, onApproval);
    // Joining again is harmless: the server keeps one membership per room.
    const stopFollowing = followRoom(socket, UiEvent.subscribeContract, { contractId }, () => {});
    return () => {
      stopFollowing();
      socket.off(UiEvent.approvalUpdated, onApproval);
    };
  }, [client, taskId, contractId]);

  const pending = approvals.filter((approval) => approval.status === "pending");
  // Newest first: the one just answered is on top.
  const answered = approvals.filter((approval) => approval.status !== "pending").reverse();
  if (approvals.length === 0) return null;
  return (
    <div id="approvals" className="scroll-mt-16 space-y-3">
      {pending.map((approval) => (
        <ApprovalCard key={approval.id} approval={approval} canAnswer={canAnswer} now={now} />
      ))}
      {answered.length > 0 && (
        <section aria-label="Answered requests" className="space-y-1">
          <h2 className="text-sm font-medium text-neutral-500">{`Requests answered (${answered.length})`}</h2>
          <ul className="max-h-48 space-y-1 overflow-y-auto">
            {answered.map((approval) => (
              <li key={approval.id}>
                <ApprovalHistoryLine approval={approval} now={now} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
