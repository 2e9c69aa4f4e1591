"use client";

import {
  useRef,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";
import { CharacterCount } from "./character-count";
import { inputClass, labelClass } from "./styles";

/** A field's errors, under the input, referenced by its `aria-describedby`. */
export function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors || errors.length === 0) return null;
  return (
    <p id={id} className="mt-1 text-sm text-red-700">
      {errors.join(" ")}
    </p>
  );
}

/** A form-level message: red when it is an error, green when it reports success. */
export function FormMessage({ ok, message }: { ok: boolean; message?: string }) {
  if (!message) return null;
  return (
    <p
      role={ok ? "status" : "alert"}
      className={`rounded-md px-3 py-2 text-sm ${ok ? "bg-green-50 text-green-800" : "bg-red-50 text-red-800"}`}
    >
      {message}
    </p>
  );
}

type Common = { id: string; name: string; label: string; errors?: string[]; hint?: ReactNode };

function describedBy(id: string, errors?: string[], hint?: ReactNode): string | undefined {
  const ids = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

function Hint({ id, hint }: { id: string; hint?: ReactNode }) {
  return hint ? (
    <p id={`${id}-hint`} className="mt-1 text-xs text-neutral-500">
      {hint}
    </p>
  ) : null;
}

/** The attributes that tie a control to its hint and errors. */
function describe(id: string, errors?: string[], hint?: ReactNode) {
  return { "aria-invalid": errors?.length ? true : undefined, "aria-describedby": describedBy(id, errors, hint) };
}

/** A label above its control, with the hint and errors under it. */
function LabelledControl({ id, label, errors, hint, children }: Omit<Common, "name"> & { children: ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      {children}
      <Hint id={id} hint={hint} />
      <FieldErrors id={`${id}-error`} errors={errors} />
    </div>
  );
}

/** A labelled text/number input with its hint and errors. */
export function TextField({
  id,
  name,
  label,
  errors,
  hint,
  className,
  ...input
}: Common & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <LabelledControl id={id} label={label} errors={errors} hint={hint}>
      <input
        id={id}
        name={name}
        className={`mt-1 ${inputClass} ${className ?? ""}`}
        {...describe(id, errors, hint)}
        {...input}
      />
    </LabelledControl>
  );
}

/** A labelled textarea with its hint and errors, and a character count when it has a `maxLength`. */
export function TextAreaField({
  id,
  name,
  label,
  errors,
  hint,
  className,
  ...textarea
}: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const field = useRef<HTMLTextAreaElement>(null);
  return (
    <LabelledControl id={id} label={label} errors={errors} hint={hint}>
      <textarea
        ref={field}
        id={id}
        name={name}
        className={`mt-1 ${inputClass} ${className ?? ""}`}
        {...describe(id, errors, hint)}
        {...textarea}
      />
      {textarea.maxLength !== undefined && (
        <CharacterCount field={field} max={textarea.maxLength} initial={String(textarea.defaultValue ?? "").length} />
      )}
    </LabelledControl>
  );
}

/**
 * A labelled select with its hint and errors; `options` maps each value to its label. React applies a select's
 * `defaultValue` only when it mounts, and resets a form after each action: keyed by it, the select mounts again
 * with the value an action gave back instead of going back to the one it mounted with.
 */
export function SelectField({
  id,
  name,
  label,
  errors,
  hint,
  options,
  className,
  ...select
}: Common & { options: Record<string, string> } & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <LabelledControl id={id} label={label} errors={errors} hint={hint}>
      <select
        key={String(select.defaultValue ?? "")}
        id={id}
        name={name}
        className={`mt-1 ${inputClass} ${className ?? ""}`}
        {...describe(id, errors, hint)}
        {...select}
      >
        {Object.entries(options).map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </LabelledControl>
  );
}

/** A labelled checkbox (label beside the box) with its hint and errors. */
export function CheckboxField({
  id,
  name,
  label,
  errors,
  hint,
  ...input
}: Common & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div>
      <div className="flex items-center gap-2">
        <input
          id={id}
          name={name}
          type="checkbox"
          className="size-4 rounded border-neutral-300 accent-neutral-900"
          {...describe(id, errors, hint)}
          {...input}
        />
        <label htmlFor={id} className={labelClass}>
          {label}
        </label>
      </div>
      <Hint id={id} hint={hint} />
      <FieldErrors id={`${id}-error`} errors={errors} />
    </div>
  );
}
