"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { FormMessage } from "@/components/ui/form-fields";
import { buttonClass, linkClass } from "@/components/ui/styles";
import { authClient } from "./auth-client";
import { NewPasswordField } from "./new-password-field";

/** A one-time password link's form: better-auth checks and spends the token. */
export function SetPasswordForm({ token }: { token: string }) {
  const [state, setState] = useState<{ ok: boolean; message?: string }>({ ok: false });
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const newPassword = String(new FormData(event.currentTarget).get("password") ?? "");
    setPending(true);
    const { error } = await authClient.resetPassword({ newPassword, token });
    setPending(false);
    if (!error) return setState({ ok: true, message: "Your password is set." });
    const message =
      error.code === "INVALID_TOKEN"
        ? "This link is not valid: it has expired or was used already. Ask an admin for a new one."
        : (error.message ?? "Could not set the password; please try again.");
    setState({ ok: false, message });
  }

  if (state.ok) {
    return (
      <p role="status">
        {state.message}{" "}
        <Link href="/sign-in" className={linkClass}>
          Sign in
        </Link>
      </p>
    );
  }
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <FormMessage ok={false} message={state.message} />
      <NewPasswordField label="New password" />
      <button type="submit" className={`${buttonClass} w-full`} disabled={pending} aria-busy={pending}>
        Set password
      </button>
    </form>
  );
}
