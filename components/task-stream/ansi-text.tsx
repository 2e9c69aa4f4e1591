"use client";

import { useMemo, useState, type CSSProperties } from "react";
import { ansiSpans, type AnsiSpan } from "./ansi";

/** Characters of output drawn at first; "show more" draws five times as many each time. */
export const ANSI_TEXT_LIMIT = 20_000;

/**
 * Terminal output with its colours (./ansi.ts turns it into spans; cursor moves and other control sequences are
 * gone), drawn as React text: nothing in it is ever HTML. Cut at `ANSI_TEXT_LIMIT` characters until asked for more.
 */
export function AnsiText({ text, className = "" }: { text: string; className?: string }) {
  const [limit, setLimit] = useState(ANSI_TEXT_LIMIT);
  const cut = text.length > limit;
  const spans = useMemo(() => ansiSpans(cut ? text.slice(0, limit) : text), [text, limit, cut]);
  return (
    <div className={`whitespace-pre-wrap break-words ${className}`}>
      {spans.map((span, i) => (
        <span key={i} style={styleOf(span)}>
          {span.text}
        </span>
      ))}
      {spans.length === 0 ? "\u00a0" : null}
      {cut ? (
        <button
          type="button"
          onClick={() => setLimit((n) => n * 5)}
          className="ml-2 rounded border border-zinc-500 px-1.5 text-xs text-zinc-300 hover:bg-zinc-700"
        >
          … show more ({(text.length - limit).toLocaleString("en-US")} characters left)
        </button>
      ) : null}
    </div>
  );
}

function styleOf(span: AnsiSpan): CSSProperties | undefined {
  if (!span.color && !span.background && !span.bold && !span.dim && !span.italic && !span.underline && !span.strike) {
    return undefined;
  }
  const lines = [span.underline ? "underline" : "", span.strike ? "line-through" : ""].filter(Boolean).join(" ");
  return {
    color: span.color ?? undefined,
    backgroundColor: span.background ?? undefined,
    fontWeight: span.bold ? 600 : undefined,
    opacity: span.dim ? 0.7 : undefined,
    fontStyle: span.italic ? "italic" : undefined,
    textDecoration: lines || undefined,
  };
}
