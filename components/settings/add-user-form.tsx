"use client";

import { EmailField, NameField } from "@/components/auth/account-fields";
import { FormMessage, SelectField } from "@/components/ui/form-fields";
import { OneTimeSecret } from "@/components/ui/one-time-secret";
import { buttonClass } from "@/components/ui/styles";
import { useFormAction } from "@/components/ui/use-form-action";
import { addUserAction } from "@/lib/server/actions/users/add-user";
import { ROLES, ROLE_SUMMARY, type Role } from "@/lib/shared/auth/roles";

/** The roles a select offers, "member — contracts, tasks, …"; only an owner may give the owner role. */
export function roleOptions(assignable: readonly Role[]): Record<string, string> {
  return Object.fromEntries(assignable.map((role) => [role, `${role} — ${ROLE_SUMMARY[role]}`]));
}

/** A one-time password link (a new user's, or a forgotten password's), shown once with a Copy button. */
export function PasswordLink({ link, message }: { link: string; message?: string }) {
  return (
    <OneTimeSecret
      secret={link}
      message={message}
      label="Password link"
      warning="Send this link to the person: it is shown once and works once, for 3 days."
      testId="password-link"
    />
  );
}

/** Settings → Users → "Add user": the account is made at once; the person sets a password through a one-time link. */
export function AddUserForm({ assignable }: { assignable: readonly Role[] }) {
  const [state, formAction, pending] = useFormAction(addUserAction);
  const errors = state.fieldErrors ?? {};
  return (
    <div className="space-y-3">
      {state.ok && state.link ? (
        <PasswordLink key={state.link} link={state.link} message={state.message} />
      ) : (
        <FormMessage ok={state.ok} message={state.message} />
      )}
      <form
        action={formAction}
        noValidate
        aria-labelledby="add-user-heading"
        className="grid max-w-2xl gap-3 sm:grid-cols-2"
      >
        <h3 id="add-user-heading" className="text-sm font-semibold sm:col-span-2">
          Add user
        </h3>
        <EmailField id="user-email" defaultValue={state.values?.email} errors={errors.email} autoComplete="off" />
        <NameField id="user-name" defaultValue={state.values?.name} errors={errors.name} autoComplete="off" />
        <SelectField
          id="user-role"
          name="role"
          label="Role"
          options={roleOptions(assignable)}
          defaultValue={state.values?.role ?? (ROLES.includes("member") ? "member" : undefined)}
          errors={errors.role}
        />
        <div className="flex items-end">
          <button type="submit" className={buttonClass} disabled={pending}>
            {pending ? "Adding…" : "Add user"}
          </button>
        </div>
      </form>
    </div>
  );
}
