import type { ReactNode } from "react";
import { cardClass } from "./styles";

export interface DataColumn {
  label: string;
  /** Numbers line up on the right. */
  align?: "right";
  /** Named for screen readers only (a column of buttons). */
  visuallyHidden?: boolean;
}

/** The dashboard's one table look: a card that scrolls sideways, a caption for screen readers, a header row. */
export function DataTable({
  caption,
  columns,
  children,
}: {
  caption: string;
  columns: DataColumn[];
  /** The rows (`<tr>`). */
  children: ReactNode;
}) {
  return (
    <div className={`${cardClass} overflow-x-auto`}>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-neutral-200 bg-neutral-50 text-xs uppercase tracking-wide text-neutral-500">
          <tr>
            {columns.map((column) => (
              <th
                key={column.label}
                scope="col"
                className={`px-3 py-2 font-medium ${column.align === "right" ? "text-right" : ""}`}
              >
                {column.visuallyHidden ? <span className="sr-only">{column.label}</span> : column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-neutral-100">{children}</tbody>
      </table>
    </div>
  );
}
