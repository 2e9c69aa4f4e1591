import Link from "next/link";

const FILTERS = [
  { value: "all", label: "All" },
  { value: "active", label: "Active" },
  { value: "completed", label: "Completed" },
  { value: "archived", label: "Archived" },
] as const;

/** Links that narrow the contracts list to one status (`?status=`). */
export function ContractStatusFilter({ current, counts }: { current: string; counts: Record<string, number> }) {
  return (
    <nav aria-label="Filter contracts by status">
      <ul className="flex gap-1 rounded-md bg-neutral-100 p-1 text-sm">
        {FILTERS.map((filter) => {
          const selected = filter.value === current;
          return (
            <li key={filter.value}>
              <Link
                href={filter.value === "all" ? "/" : `/?status=${filter.value}`}
                aria-current={selected ? "page" : undefined}
                className={`block rounded px-2.5 py-1 ${
                  selected
                    ? "bg-white font-medium text-neutral-900 shadow-xs"
                    : "text-neutral-600 hover:text-neutral-900"
                }`}
              >
                {filter.label} <span className="tabular-nums text-neutral-500">{counts[filter.value] ?? 0}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
