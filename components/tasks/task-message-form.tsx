"use client";

import { sendTaskMessageAction } from "@/lib/server/actions/tasks/send-task-message";
import { FormMessage, TextAreaField } from "@/components/ui/form-fields";
import { useFormAction } from "@/components/ui/use-form-action";
import { TASK_LIMITS } from "@/lib/shared/schemas/task";
import { buttonClass } from "@/components/ui/styles";

/** Sends a message to the running claude; the field empties once it is sent and keeps the text when refused. */
export function TaskMessageForm({ taskId }: { taskId: string }) {
  const [state, formAction, pending] = useFormAction(sendTaskMessageAction);
  return (
    <form action={formAction} noValidate className="space-y-2">
      <input type="hidden" name="taskId" value={taskId} />
      <TextAreaField
        id="task-message"
        name="message"
        label="Message"
        rows={2}
        defaultValue={state.values?.message ?? ""}
        errors={state.fieldErrors?.message}
        maxLength={TASK_LIMITS.message}
        onKeyDown={(event) => {
          if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) event.currentTarget.form?.requestSubmit();
        }}
        hint="Written to claude's input as your next turn (Ctrl+Enter sends)."
      />
      <div className="flex flex-wrap items-center gap-2">
        <button type="submit" className={buttonClass} disabled={pending} aria-busy={pending}>
          Send
        </button>
        {pending && <span className="text-neutral-500">Sending…</span>}
        <FormMessage ok={state.ok} message={state.message} />
      </div>
    </form>
  );
}
