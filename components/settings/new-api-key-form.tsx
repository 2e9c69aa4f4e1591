"use client";

import { useActionState, useRef, useState } from "react";
import { createApiKeyAction, type CreateApiKeyState } from "@/lib/actions/api-keys/create-api-key";
import { FormMessage, SelectField, TextField } from "@/components/ui/form-fields";
import { buttonClass, inputClass, secondaryButtonClass } from "@/components/ui/styles";

export const API_KEY_SCOPE_OPTIONS: Record<string, string> = {
  cli: "cli — scripts and the makima supervisor/contract commands",
  daemon: "daemon — a worker daemon connecting to this server",
};

/**
 * The "New API key" form. The new key comes back in the action's state only, so it is shown here once and gone
 * when the page is reloaded.
 */
export function NewApiKeyForm() {
  const [state, formAction, pending] = useActionState(createApiKeyAction, { ok: false } as CreateApiKeyState);
  const errors = state.fieldErrors ?? {};
  const value = (field: string, fallback: string) => state.values?.[field] || fallback;

  return (
    <div className="space-y-3">
      {state.ok && state.secret ? (
        <NewApiKeySecret key={state.secret} secret={state.secret} message={state.message} />
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
          maxLength={100}
          autoComplete="off"
        />
        <SelectField
          id="api-key-scope"
          name="scope"
          label="Scope"
          options={API_KEY_SCOPE_OPTIONS}
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

/** The new key in plain text, with a Copy button; the only time anyone sees it. */
function NewApiKeySecret({ secret, message }: { secret: string; message?: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"copied" | "failed" | undefined>();
  const [dismissed, setDismissed] = useState(false);
  if (dismissed) return null;

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied("copied");
    } catch {
      // No clipboard (a page served over plain http from another machine): leave it selected to copy by hand.
      input.current?.select();
      setCopied("failed");
    }
  }

  return (
    <div role="status" data-testid="new-api-key" className="max-w-2xl space-y-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-3 text-amber-950">
      {message && <p className="font-medium">{message}</p>}
      <p>
        <strong className="font-semibold">Copy this key now: it is not shown again.</strong> Only its hash is stored.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <input
          ref={input}
          readOnly
          value={secret}
          aria-label="Your new key"
          spellCheck={false}
          onFocus={(event) => event.currentTarget.select()}
          className={`${inputClass} min-w-0 flex-1 font-mono`}
        />
        <button type="button" className={secondaryButtonClass} onClick={copy}>
          Copy
        </button>
        <button type="button" className={secondaryButtonClass} onClick={() => setDismissed(true)}>
          Done
        </button>
      </div>
      {copied === "copied" && <p className="text-sm text-green-800">Copied to the clipboard.</p>}
      {copied === "failed" && <p className="text-sm text-red-800">Could not copy: the key is selected, copy it with Ctrl+C (⌘C).</p>}
    </div>
  );
}
