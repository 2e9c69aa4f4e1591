"use client";

import { FormMessage } from "@/components/ui/form-fields";
import { buttonClass } from "@/components/ui/styles";
import { useFormAction } from "@/components/ui/use-form-action";
import { setupOwnerAction } from "@/lib/server/actions/auth/setup-owner";
import { EmailField, NameField } from "./account-fields";
import { NewPasswordField } from "./new-password-field";

/** The first owner's name, email and password. */
export function SetupOwnerForm({ token }: { token: string }) {
  const [state, formAction, pending] = useFormAction(setupOwnerAction);
  return (
    <form action={formAction} noValidate className="space-y-4">
      <FormMessage ok={state.ok} message={state.message} />
      <input type="hidden" name="token" value={token} />
      <NameField defaultValue={state.values?.name} errors={state.fieldErrors?.name} />
      <EmailField defaultValue={state.values?.email} errors={state.fieldErrors?.email} />
      <NewPasswordField label="Password" errors={state.fieldErrors?.password} />
      <button type="submit" className={`${buttonClass} w-full`} disabled={pending} aria-busy={pending}>
        Create owner account
      </button>
    </form>
  );
}
