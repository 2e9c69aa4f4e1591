"use client";

import { useRef, useState } from "react";
import { inputClass, secondaryButtonClass } from "./styles";

type Props = {
  secret: string;
  message?: string;
  /** The text box's accessible name ("Your new key"). */
  label: string;
  /** What the person must do now, in bold ("Copy this key now: it is not shown again."). */
  warning: string;
  note?: string;
  testId: string;
};

/** A secret shown once (a new API key, a one-time password link), with a Copy button; the only time anyone sees it. */
export function OneTimeSecret({ secret, message, label, warning, note, testId }: Props) {
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
    <div
      role="status"
      data-testid={testId}
      className="max-w-2xl space-y-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-3 text-amber-950"
    >
      {message && <p className="font-medium">{message}</p>}
      <p>
        <strong className="font-semibold">{warning}</strong>
        {note && ` ${note}`}
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <input
          ref={input}
          readOnly
          value={secret}
          aria-label={label}
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
      {copied === "failed" && (
        <p className="text-sm text-red-800">Could not copy: it is selected, copy it with Ctrl+C (⌘C).</p>
      )}
    </div>
  );
}
