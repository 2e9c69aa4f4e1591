"use client";

import { useState } from "react";

/** Characters shown before a "Show all" button: a multi-megabyte line must not stall the page. */
export const LONG_TEXT_LIMIT = 20_000;

/** Text shown as it is (newlines and spaces kept), cut at `LONG_TEXT_LIMIT` until asked for all of it. */
export function LongText({ text, className = "" }: { text: string; className?: string }) {
  const [all, setAll] = useState(false);
  const cut = !all && text.length > LONG_TEXT_LIMIT;
  return (
    <div className={`whitespace-pre-wrap break-words ${className}`}>
      {cut ? text.slice(0, LONG_TEXT_LIMIT) : text || "\u00a0"}
      {cut ? (
        <button
          type="button"
          onClick={() => setAll(true)}
          className="ml-2 rounded border border-zinc-300 px-1.5 text-xs text-zinc-600 hover:bg-zinc-100"
        >
          … show all ({text.length.toLocaleString("en-US")} characters)
        </button>
      ) : null}
    </div>
  );
}
