"use client";

import { FormMessage, TextField } from "@/components/ui/form-fields";
import { buttonClass } from "@/components/ui/styles";
import { useFormAction } from "@/components/ui/use-form-action";
import { setupOwnerAction } from "@/lib/server/actions/auth/setup-owner";
import { EMAIL_MAX_LENGTH, USER_NAME_MAX_LENGTH } from "@/lib/shared/schemas/user";
import { NewPasswordField } from "./new-password-field";

/** The first owner's name, email and password. */
export function SetupOwnerForm({ token }: { token: string }) {
  const [state, formAction, pending] = useFormAction(setupOwnerAction);
  return (
    <form action={formAction} noValidate className="space-y-4">
      <FormMessage ok={state.ok} message={state.message} />
      <input type="hidden" name="token" value={token} />
      <TextField
        id="name"
        name="name"
        label="Name"
        autoComplete="name"
        maxLength={USER_NAME_MAX_LENGTH}
        defaultValue={state.values?.name}
        errors={state.fieldErrors?.name}
      />
      <TextField
        id="email"
        name="email"
        label="Email"
        type="email"
        autoComplete="username"
        required
        maxLength={EMAIL_MAX_LENGTH}
        defaultValue={state.values?.email}
        errors={state.fieldErrors?.email}
      />
      <NewPasswordField label="Password" errors={state.fieldErrors?.password} />
      <button type="submit" className={`${buttonClass} w-full`} disabled={pending} aria-busy={pending}>
        Create owner account
      </button>
    </form>
  );
}
