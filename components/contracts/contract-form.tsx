"use client";

import { useState } from "react";
import type { FormState } from "@/lib/shared/form-state";
import { CheckboxField, FormMessage, SelectField, TextAreaField, TextField } from "@/components/ui/form-fields";
import { useFormAction } from "@/components/ui/use-form-action";
import { COMPLETION_ACTION_LABELS, type CompletionAction } from "@/lib/shared/protocol/worktree";
import {
  CONTRACT_LIMITS,
  DANGEROUS_PERMISSION_MODE,
  DENY_AFTER_MINUTES_MAX,
  MAX_ITERATIONS_DEFAULT,
  PERMISSION_MODE_DEFAULT,
  PERMISSION_MODE_LABELS,
  type PermissionMode,
} from "@/lib/shared/schemas/contract";
import { characters } from "@/lib/shared/schemas/text-limit";
import { buttonClass } from "@/components/ui/styles";

/** A contract's editable fields, as the form shows them before anything is typed. */
export type ContractFormDefaults = {
  id?: string;
  name: string;
  description: string;
  repository: string;
  baseBranch: string;
  targetBranch: string;
  autonomousLoop: boolean;
  maxIterations: number;
  completionAction: CompletionAction;
  permissionMode: PermissionMode;
  /** The allowed tools; the form shows them one a line. */
  allowRules: string[];
  denyUnansweredAfterMinutes: number | null;
  autoResume: boolean;
};

export const NEW_CONTRACT_DEFAULTS: ContractFormDefaults = {
  name: "",
  description: "",
  repository: "",
  baseBranch: "main",
  targetBranch: "main",
  autonomousLoop: false,
  maxIterations: MAX_ITERATIONS_DEFAULT,
  completionAction: "none",
  permissionMode: PERMISSION_MODE_DEFAULT,
  allowRules: [],
  denyUnansweredAfterMinutes: null,
  autoResume: true,
};

type Props = {
  action: (previous: FormState, formData: FormData) => Promise<FormState>;
  defaults: ContractFormDefaults;
  submitLabel: string;
};

/** Create or edit a contract; the server validates, and its errors show under each field with the typed values kept. */
export function ContractForm({ action, defaults, submitLabel }: Props) {
  const [state, formAction, pending] = useFormAction(action);
  const errors = state.fieldErrors ?? {};
  // After a refused submit, show what was typed; before, the contract's values.
  const value = (field: keyof ContractFormDefaults) =>
    state.values ? (state.values[field] ?? "") : String(defaults[field] ?? "");
  const loop = state.values ? state.values.autonomousLoop === "on" : defaults.autonomousLoop;
  const autoResume = state.values ? state.values.autoResume === "on" : defaults.autoResume;
  const rules = state.values ? (state.values.allowRules ?? "") : defaults.allowRules.join("\n");
  // The mode chosen so far, to warn about the one that never asks as soon as it is picked.
  const [mode, setMode] = useState(value("permissionMode"));

  return (
    <form action={formAction} noValidate className="max-w-2xl space-y-4">
      {defaults.id && <input type="hidden" name="id" value={defaults.id} />}
      <FormMessage ok={state.ok} message={state.message} />
      <TextField
        id="contract-name"
        name="name"
        label="Name"
        defaultValue={value("name")}
        errors={errors.name}
        hint={`Up to ${characters(CONTRACT_LIMITS.name)}.`}
        required
        maxLength={CONTRACT_LIMITS.name}
      />
      <TextAreaField
        id="contract-description"
        name="description"
        label="Description"
        defaultValue={value("description")}
        errors={errors.description}
        rows={3}
        maxLength={CONTRACT_LIMITS.description}
      />
      <TextField
        id="contract-repository"
        name="repository"
        label="Repository"
        defaultValue={value("repository")}
        errors={errors.repository}
        hint="A path on the daemon's machine (/home/me/project) or a git URL (git@github.com:me/project.git)."
        className="font-mono"
        required
        maxLength={CONTRACT_LIMITS.repository}
        spellCheck={false}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          id="contract-base-branch"
          name="baseBranch"
          label="Base branch"
          defaultValue={value("baseBranch")}
          errors={errors.baseBranch}
          hint="Task branches start from it."
          required
          maxLength={CONTRACT_LIMITS.branch}
          spellCheck={false}
        />
        <TextField
          id="contract-target-branch"
          name="targetBranch"
          label="Target branch"
          defaultValue={value("targetBranch")}
          errors={errors.targetBranch}
          hint="Finished work is meant to land here."
          required
          maxLength={CONTRACT_LIMITS.branch}
          spellCheck={false}
        />
      </div>
      <CheckboxField
        id="contract-autonomous-loop"
        name="autonomousLoop"
        label="Autonomous loop"
        defaultChecked={loop}
        errors={errors.autonomousLoop}
        hint="Tasks started afterwards take this setting."
      />
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField
          id="contract-max-iterations"
          name="maxIterations"
          label="Max iterations"
          type="number"
          min={1}
          max={50}
          step={1}
          defaultValue={value("maxIterations")}
          errors={errors.maxIterations}
          hint="How many times the loop may run claude (1–50)."
        />
      </div>
      <SelectField
        id="contract-completion-action"
        name="completionAction"
        label="When a task completes"
        options={COMPLETION_ACTION_LABELS}
        defaultValue={value("completionAction")}
        errors={errors.completionAction}
        hint="Applied after a successful run. A merge conflict is reported on the task, never forced."
      />
      <SelectField
        id="contract-permission-mode"
        name="permissionMode"
        label="Permissions"
        options={PERMISSION_MODE_LABELS}
        defaultValue={value("permissionMode")}
        onChange={(event) => setMode(event.currentTarget.value)}
        errors={errors.permissionMode}
        hint={`How claude asks before using a tool; tasks started afterwards take this setting. ${PERMISSION_MODE_LABELS[DANGEROUS_PERMISSION_MODE]} is dangerous: claude runs any command without asking.`}
      />
      {mode === DANGEROUS_PERMISSION_MODE && (
        <p
          data-testid="bypass-warning"
          className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
        >
          Dangerous: claude will run any command, edit any file and fetch anything without asking anyone first. Choose
          it only for a repository and a machine you can afford to lose.
        </p>
      )}
      <TextAreaField
        id="contract-allow-rules"
        name="allowRules"
        label="Allowed tools"
        defaultValue={rules}
        errors={errors.allowRules}
        rows={4}
        className="font-mono"
        spellCheck={false}
        hint={
          <>
            Claude uses these without asking. One rule per line, e.g. <code>Bash(npm test:*)</code>, <code>Edit</code>,{" "}
            <code>WebFetch(domain:example.com)</code>.
          </>
        }
      />
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField
          id="contract-deny-after"
          name="denyUnansweredAfterMinutes"
          label="Deny requests unanswered after"
          type="number"
          min={1}
          max={DENY_AFTER_MINUTES_MAX}
          step={1}
          defaultValue={value("denyUnansweredAfterMinutes")}
          errors={errors.denyUnansweredAfterMinutes}
          hint="Minutes; empty: a request waits until someone answers."
        />
      </div>
      <CheckboxField
        id="contract-auto-resume"
        name="autoResume"
        label="Resume interrupted tasks automatically"
        defaultChecked={autoResume}
        errors={errors.autoResume}
        hint="A task whose daemon went away (a crash, a restart, a reboot) goes on by itself once the daemon is back, at most 3 times."
      />
      <div className="flex items-center gap-3 pt-2">
        <button type="submit" className={buttonClass} disabled={pending} aria-busy={pending}>
          {submitLabel}
        </button>
        {pending && <span className="text-neutral-500">Saving…</span>}
      </div>
    </form>
  );
}
