"use client";

import { useState, type FormEvent } from "react";
import { FormMessage, TextField } from "@/components/ui/form-fields";
import { buttonClass } from "@/components/ui/styles";
import { PASSWORD_MAX_LENGTH } from "@/lib/shared/schemas/user";
import { EmailField } from "./account-fields";
import { authClient } from "./auth-client";

/** What a refused sign-in tells the person: one message for a wrong email or password, when to retry past the limit. */
export function signInErrorMessage(status: number, retryAfterSeconds: number | null): string {
  if (status === 429) {
    const wait = retryAfterSeconds && retryAfterSeconds > 0 ? `in ${retryAfterSeconds} s` : "in a minute";
    return `Too many sign-in attempts from your address: try again ${wait}.`;
  }
  // A disabled account is told the same: telling it apart would confirm its password.
  if (status === 401) return "Wrong email or password.";
  return "Could not sign in just now; please try again.";
}

/** Email and password; on success the browser goes where the visitor was headed. */
export function SignInForm({ next }: { next: string }) {
  const [message, setMessage] = useState<string>();
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setMessage(undefined);
    let retryAfter: number | null = null;
    const { error } = await authClient.signIn.email(
      { email: String(form.get("email") ?? "").trim(), password: String(form.get("password") ?? "") },
      { onError: (context) => void (retryAfter = Number(context.response.headers.get("X-Retry-After")) || null) },
    );
    if (!error) {
      window.location.assign(next);
      return;
    }
    setPending(false);
    setMessage(signInErrorMessage(error.status, retryAfter));
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-label="Sign in">
      <FormMessage ok={false} message={message} />
      <EmailField />
      <TextField
        id="password"
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        maxLength={PASSWORD_MAX_LENGTH}
      />
      <button type="submit" className={`${buttonClass} w-full`} disabled={pending} aria-busy={pending}>
        Sign in
      </button>
    </form>
  );
}
