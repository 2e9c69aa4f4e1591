import { z } from "zod";
import { isAppError } from "./app-error";

/** What every form's server action returns; `values` gives the form back what was typed. */
export type FormState = {
  ok: boolean;
  message?: string;
  fieldErrors?: Record<string, string[]>;
  values?: Record<string, string>;
};

export const initialFormState: FormState = { ok: false };

/** The text fields of a submitted form (Next.js' own `$ACTION_…` fields left out). */
export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !key.startsWith("$ACTION")) values[key] = value;
  }
  return values;
}

/** A schema's failure, as per-field messages (and a form-level one for issues not tied to a field). */
export function invalidFormState(error: z.ZodError, values?: Record<string, string>): FormState {
  const { formErrors, fieldErrors } = z.flattenError(error);
  const errors: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(fieldErrors)) {
    if (Array.isArray(messages) && messages.length > 0) errors[field] = messages as string[];
  }
  return {
    ok: false,
    message: formErrors[0] ?? "Please correct the errors below.",
    fieldErrors: errors,
    values,
  };
}

/** A thrown error, as a form message: an `AppError`'s own message, anything else a generic one. */
export function errorFormState(error: unknown, values?: Record<string, string>): FormState {
  if (isAppError(error)) return { ok: false, message: error.message, values };
  console.error("[makima] server action failed:", error);
  return { ok: false, message: "Something went wrong; please try again.", values };
}
