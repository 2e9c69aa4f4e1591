"use client";

import { createTaskAction } from "@/lib/server/actions/tasks/create-task";
import { CheckboxField, FormMessage, TextAreaField, TextField } from "@/components/ui/form-fields";
import { useFormAction } from "@/components/ui/use-form-action";
import { TASK_LIMITS } from "@/lib/shared/schemas/task";
import { characters } from "@/lib/shared/schemas/text-limit";
import { buttonClass } from "@/components/ui/styles";

/** Starts a task on a contract: a name, the plan claude gets as its first prompt, and whether it supervises others. */
export function NewTaskForm({ contractId, contractStatus }: { contractId: string; contractStatus: string }) {
  const [state, formAction, pending] = useFormAction(createTaskAction);
  const errors = state.fieldErrors ?? {};

  return (
    <form action={formAction} noValidate className="space-y-3">
      <input type="hidden" name="contractId" value={contractId} />
      {contractStatus !== "active" && (
        <p className="text-neutral-600">This contract is {contractStatus}; reopen it to start new tasks.</p>
      )}
      <FormMessage ok={state.ok} message={state.message} />
      <TextField
        id="task-name"
        name="name"
        label="Task name"
        defaultValue={state.values?.name ?? ""}
        errors={errors.name}
        hint={`Up to ${characters(TASK_LIMITS.name)}.`}
        maxLength={TASK_LIMITS.name}
        required
      />
      <TextAreaField
        id="task-plan"
        name="plan"
        label="Plan"
        defaultValue={state.values?.plan ?? ""}
        errors={errors.plan}
        hint="What claude should do: the task's first prompt."
        rows={6}
        className="font-mono"
        required
        maxLength={TASK_LIMITS.plan}
      />
      <CheckboxField
        id="task-supervisor"
        name="supervisor"
        label="Supervisor task"
        defaultChecked={state.values?.supervisor === "on"}
        errors={errors.supervisor}
        hint="Splits the plan into tasks it starts, reviews and merges with the makima supervisor commands. When its claude stops it waits for your message instead of finishing."
      />
      <div className="flex items-center gap-3">
        <button type="submit" className={buttonClass} disabled={pending} aria-busy={pending}>
          Start task
        </button>
        {pending && <span className="text-neutral-500">Starting…</span>}
      </div>
    </form>
  );
}
