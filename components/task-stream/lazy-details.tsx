"use client";

import { useState, type ReactNode } from "react";

/** A `<details>` whose body is only rendered while open: thousands of closed tool calls cost little. */
export function LazyDetails({
  summary,
  defaultOpen = false,
  className,
  children,
}: {
  summary: ReactNode;
  defaultOpen?: boolean;
  className?: string;
  children: () => ReactNode;
}) {
  const [open, setOpen] = useState(defaultOpen);
  return (
    <details open={open} onToggle={(event) => setOpen(event.currentTarget.open)} className={className}>
      <summary className="cursor-pointer select-none py-0.5 text-xs">{summary}</summary>
      {open ? children() : null}
    </details>
  );
}
