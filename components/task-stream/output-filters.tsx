"use client";

import { ENTRY_CATEGORIES, type EntryCategory } from "@/lib/shared/stream/entry-categories";

const LABELS: Record<EntryCategory, string> = { messages: "Messages", tools: "Tools", errors: "Errors" };

/** Messages / Tools / Errors: with none pressed the view shows everything, else only the rows of those pressed. */
export function OutputFilters({
  shown,
  onChange,
}: {
  shown: ReadonlySet<EntryCategory>;
  onChange: (shown: ReadonlySet<EntryCategory>) => void;
}) {
  const toggle = (category: EntryCategory) => {
    const next = new Set(shown);
    if (!next.delete(category)) next.add(category);
    onChange(next);
  };
  return (
    <div role="group" aria-label="Show only" className="inline-flex overflow-hidden rounded border border-zinc-300">
      {ENTRY_CATEGORIES.map((category) => (
        <button
          key={category}
          type="button"
          aria-pressed={shown.has(category)}
          onClick={() => toggle(category)}
          className={`px-2 py-0.5 text-xs font-medium ${shown.has(category) ? "bg-zinc-800 text-white" : "bg-white text-zinc-700 hover:bg-zinc-100"}`}
        >
          {LABELS[category]}
        </button>
      ))}
    </div>
  );
}
