"use client";

import { stopTaskAction } from "@/lib/server/actions/tasks/stop-task";
import { FormMessage } from "@/components/ui/form-fields";
import { dangerButtonClass } from "@/components/ui/styles";
import { useFormAction } from "@/components/ui/use-form-action";

/** Asks the daemon to stop the task; a refusal (daemon gone, already finished) is shown beside it. */
export function StopTaskButton({ taskId }: { taskId: string }) {
  const [state, formAction, pending] = useFormAction(stopTaskAction);
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="taskId" value={taskId} />
      <button type="submit" className={dangerButtonClass} disabled={pending} aria-busy={pending}>
        Stop task
      </button>
      {pending && <span className="text-neutral-500">Stopping…</span>}
      <FormMessage ok={state.ok} message={state.message} />
    </form>
  );
}
