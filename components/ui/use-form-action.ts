"use client";

import { unstable_rethrow } from "next/navigation";
import { useActionState } from "react";
import { formValues, initialFormState, type FormState } from "@/lib/shared/form-state";
import { SERVER_ACTION_BODY_LIMIT } from "@/lib/shared/schemas/body-limit.mjs";
import { formatBytes } from "@/lib/shared/stream/format";

/** A form's server action, as `useActionState` calls it. */
export type FormAction<S extends FormState> = (previous: S, formData: FormData) => Promise<S>;

/** The UTF-8 size of a form's text, about what its request body carries. */
function textBytes(formData: FormData): number {
  const encoder = new TextEncoder();
  let bytes = 0;
  for (const value of formData.values()) bytes += typeof value === "string" ? encoder.encode(value).length : value.size;
  return bytes;
}

/** What the form says when its action's call failed, most likely cause first. */
export function failureMessage(error: unknown, formData: FormData): string {
  const bytes = textBytes(formData);
  if (bytes > SERVER_ACTION_BODY_LIMIT) {
    return (
      `The form is too large to send: ${formatBytes(bytes)} of text, and the server takes at most ` +
      `${formatBytes(SERVER_ACTION_BODY_LIMIT)}. Nothing was saved. Shorten the longest field and try again.`
    );
  }
  // fetch() rejects with a TypeError when no answer came (server down, connection lost).
  if (error instanceof TypeError) return "The server could not be reached. What you typed is still here: try again.";
  return "Something went wrong on the server. What you typed is still here: try again.";
}

/**
 * Calls a form's action; a call that fails (a body over the limit, a network error, an unexpected server error)
 * gives a state with a message and the typed values instead of throwing, which would replace the page with its
 * error boundary and lose them.
 */
export async function submitForm<S extends FormState>(
  action: FormAction<S>,
  previous: S,
  formData: FormData,
): Promise<S> {
  try {
    // The typed values are in the form data already; sent in the previous state too, a long plan would count
    // twice against the body limit. The actions read the form data only.
    return await action({ ...previous, values: undefined }, formData);
  } catch (error) {
    // redirect() and notFound() in an action reject the call with Next.js' own error, after its router has acted
    // on it; its boundaries expect to catch it.
    unstable_rethrow(error);
    // The message is general; the browser's console keeps the cause.
    console.error("[makima] form action failed:", error);
    return { ok: false, message: failureMessage(error, formData), values: formValues(formData) } as S;
  }
}

/** `useActionState` for a form's server action, through `submitForm`: what was typed survives any failure. */
export function useFormAction<S extends FormState>(action: FormAction<S>, initial?: S) {
  // A form state is a plain object, never a promise: Awaited<S> is S.
  return useActionState<S, FormData>(
    (previous, formData) => submitForm(action, previous as S, formData),
    (initial ?? initialFormState) as Awaited<S>,
  );
}
