"use client";

import { useState } from "react";
import { continueTaskAction } from "@/lib/server/actions/tasks/continue-task";
import { FormMessage, TextAreaField, TextField } from "@/components/ui/form-fields";
import { buttonClass, secondaryButtonClass } from "@/components/ui/styles";
import { useFormAction } from "@/components/ui/use-form-action";
import { MAX_MORE_ITERATIONS, TASK_LIMITS } from "@/lib/shared/schemas/task";
import type { TaskView } from "./task-view";

/**
 * How a finished task goes on where it stopped, as its status allows: Resume (claude's conversation, on its daemon,
 * with an optional message), Restart on another daemon (a new conversation on its branch), or Continue for N more
 * iterations (a loop at its limit). Nothing is shown for a task that completed.
 */
export function ContinueTaskControls({ task }: { task: TaskView }) {
  if (task.status === "iteration_limit_reached" && task.autonomousLoop) return <MoreIterationsForm taskId={task.id} />;
  if (task.status !== "interrupted" && task.status !== "failed") return null;
  return (
    <section aria-labelledby="continue-heading" className="space-y-3">
      <h2 id="continue-heading" className="text-base font-semibold">
        Go on from here
      </h2>
      {task.hasClaudeSession ? (
        <ResumeForm taskId={task.id} daemonHostname={task.daemonHostname} />
      ) : (
        <p className="text-neutral-600">Claude never got to start a conversation here, so there is none to resume.</p>
      )}
      <RestartElsewhereForm taskId={task.id} />
    </section>
  );
}

function ResumeForm({ taskId, daemonHostname }: { taskId: string; daemonHostname: string | null }) {
  const [state, formAction, pending] = useFormAction(continueTaskAction);
  return (
    <form action={formAction} noValidate className="space-y-2">
      <input type="hidden" name="taskId" value={taskId} />
      <input type="hidden" name="how" value="resume" />
      <TextAreaField
        id="resume-message"
        name="message"
        label="Message (optional)"
        rows={2}
        defaultValue={state.values?.message ?? ""}
        errors={state.fieldErrors?.message}
        maxLength={TASK_LIMITS.message}
        hint={`Claude's conversation goes on${daemonHostname ? ` on ${daemonHostname}` : ""}, in the same worktree; the message is its next prompt (empty: "you were interrupted, go on").`}
      />
      <div className="flex flex-wrap items-center gap-2">
        <button type="submit" className={buttonClass} disabled={pending} aria-busy={pending}>
          Resume
        </button>
        <FormMessage ok={state.ok} message={state.message} />
      </div>
    </form>
  );
}

function RestartElsewhereForm({ taskId }: { taskId: string }) {
  const [state, formAction, pending] = useFormAction(continueTaskAction);
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="taskId" value={taskId} />
      <input type="hidden" name="how" value="anotherDaemon" />
      <button type="submit" className={secondaryButtonClass} disabled={pending} aria-busy={pending}>
        Restart on another daemon
      </button>
      <span className="text-neutral-500">A new conversation on the task&apos;s branch, on any daemon.</span>
      <FormMessage ok={state.ok} message={state.message} />
    </form>
  );
}

function MoreIterationsForm({ taskId }: { taskId: string }) {
  const [state, formAction, pending] = useFormAction(continueTaskAction);
  const [count, setCount] = useState(String(state.values?.iterations ?? "5"));
  return (
    <form action={formAction} noValidate className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="taskId" value={taskId} />
      <input type="hidden" name="how" value="moreIterations" />
      <TextField
        id="more-iterations"
        name="iterations"
        label="More iterations"
        type="number"
        min={1}
        max={MAX_MORE_ITERATIONS}
        value={count}
        onChange={(event) => setCount(event.target.value)}
        errors={state.fieldErrors?.iterations}
        className="w-24"
      />
      <button type="submit" className={buttonClass} disabled={pending} aria-busy={pending}>
        Continue for {count || "N"} more {count === "1" ? "iteration" : "iterations"}
      </button>
      <FormMessage ok={state.ok} message={state.message} />
    </form>
  );
}
