"use client";

import { useState } from "react";

/** Characters shown before a "Show all" button: a multi-megabyte line must not stall the page. */
export const LONG_TEXT_LIMIT = 20_000;

/**
 * Text shown as it is (newlines and spaces kept), cut at `LONG_TEXT_LIMIT` characters (and at `maxLines` lines when
 * given) until asked for all of it.
 */
export function LongText({ text, className = "", maxLines }: { text: string; className?: string; maxLines?: number }) {
  const [all, setAll] = useState(false);
  const lineCut = all || maxLines === undefined ? -1 : nthNewline(text, maxLines);
  const end = lineCut !== -1 ? Math.min(lineCut, LONG_TEXT_LIMIT) : all ? text.length : LONG_TEXT_LIMIT;
  const cut = end < text.length;
  return (
    <div className={`whitespace-pre-wrap break-words ${className}`}>
      {cut ? text.slice(0, end) : text || "\u00a0"}
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

/** Where the `n`th newline is, or -1 when the text has fewer. */
function nthNewline(text: string, n: number): number {
  let at = -1;
  for (let i = 0; i < n; i++) {
    at = text.indexOf("\n", at + 1);
    if (at === -1) return -1;
  }
  return at;
}
