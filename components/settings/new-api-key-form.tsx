"use client";

import { createApiKeyAction } from "@/lib/server/actions/api-keys/create-api-key";
import { FormMessage, SelectField, TextField } from "@/components/ui/form-fields";
import { useFormAction } from "@/components/ui/use-form-action";
import { API_KEY_LIMITS } from "@/lib/shared/schemas/api-key";
import { OneTimeSecret } from "@/components/ui/one-time-secret";
import { buttonClass } from "@/components/ui/styles";
import { useCan } from "@/components/auth/role-context";

export const API_KEY_SCOPE_OPTIONS: Record<string, string> = {
  cli: "cli — scripts and the makima supervisor/contract commands",
  daemon: "daemon — a worker daemon connecting to this server",
};

/**
 * The "New API key" form. The new key comes back in the action's state only, so it is shown here once and gone
 * when the page is reloaded.
 */
export function NewApiKeyForm() {
  const [state, formAction, pending] = useFormAction(createApiKeyAction);
  // Daemon keys are an admin's to make: a daemon runs commands for everyone.
  const mayMakeDaemonKeys = useCan("admin");
  const errors = state.fieldErrors ?? {};
  const value = (field: string, fallback: string) => state.values?.[field] || fallback;

  return (
    <div className="space-y-3">
      {state.ok && state.secret ? (
        <OneTimeSecret
          key={state.secret}
          secret={state.secret}
          message={state.message}
          label="Your new key"
          warning="Copy this key now: it is not shown again."
          note="Only its hash is stored."
          testId="new-api-key"
        />
      ) : (
        <FormMessage ok={state.ok} message={state.message} />
      )}
      <form action={formAction} noValidate aria-labelledby="new-api-key-heading" className="max-w-xl space-y-3">
        <h3 id="new-api-key-heading" className="text-sm font-semibold">
          New API key
        </h3>
        <TextField
          id="api-key-name"
          name="name"
          label="Name"
          defaultValue={value("name", "")}
          errors={errors.name}
          hint="Where the key is used, to recognise it later (e.g. “build server daemon”)."
          required
          maxLength={API_KEY_LIMITS.name}
          autoComplete="off"
        />
        <SelectField
          id="api-key-scope"
          name="scope"
          label="Scope"
          options={mayMakeDaemonKeys ? API_KEY_SCOPE_OPTIONS : { cli: API_KEY_SCOPE_OPTIONS.cli }}
          defaultValue={value("scope", "cli")}
          errors={errors.scope}
        />
        <button type="submit" className={buttonClass} disabled={pending}>
          {pending ? "Creating…" : "Create key"}
        </button>
      </form>
    </div>
  );
}
